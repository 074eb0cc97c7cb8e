export const ORDER_STATUSES = ['pending_payment', 'paid', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_METHODS = ['cod', 'card', 'bkash'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

// The order state machine is data: each status lists where it may go next.
const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['paid', 'cancelled'],
  paid: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export type StockEffect = 'release' | 'fulfil' | 'none';

/** What a transition does to the stock reserved for the order's lines. */
export function stockEffectOf(from: OrderStatus, to: OrderStatus): StockEffect {
  if (to === 'cancelled') return 'release';
  if (from === 'paid' && to === 'shipped') return 'fulfil';
  return 'none';
}
