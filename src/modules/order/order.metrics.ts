import { makeCounterProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';

export const ORDERS_PLACED = 'dhakacart_orders_placed_total';
export const ORDER_VALUE = 'dhakacart_order_value_bdt';
export const CHECKOUT_FAILURES = 'dhakacart_checkout_failures_total';

export const ORDER_METRICS = [
  makeCounterProvider({
    name: ORDERS_PLACED,
    help: 'Orders placed (replays not counted)',
    labelNames: ['payment_method'],
  }),
  makeHistogramProvider({
    name: ORDER_VALUE,
    help: 'Order totals in taka',
    buckets: [500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000],
  }),
  makeCounterProvider({
    name: CHECKOUT_FAILURES,
    help: 'Checkout and payment failures by reason (out_of_stock, cart_empty, payment_failed)',
    labelNames: ['reason'],
  }),
];
