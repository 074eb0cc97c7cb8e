import { canTransition, ORDER_STATUSES, OrderStatus, stockEffectOf } from './order-status';

describe('order state machine', () => {
  const allowed: Array<[OrderStatus, OrderStatus]> = [
    ['pending_payment', 'paid'],
    ['pending_payment', 'cancelled'],
    ['paid', 'shipped'],
    ['paid', 'cancelled'],
    ['shipped', 'delivered'],
  ];

  it('should allow exactly the transitions of the machine', () => {
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        expect([from, to, canTransition(from, to)]).toEqual([from, to, expected]);
      }
    }
  });

  it('should release stock on cancel and fulfil it on shipping only', () => {
    expect(stockEffectOf('pending_payment', 'cancelled')).toBe('release');
    expect(stockEffectOf('paid', 'cancelled')).toBe('release');
    expect(stockEffectOf('paid', 'shipped')).toBe('fulfil');
    expect(stockEffectOf('pending_payment', 'paid')).toBe('none');
    expect(stockEffectOf('shipped', 'delivered')).toBe('none');
  });
});
