import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const STOCK_CONFLICTS = 'dhakacart_stock_reservation_conflicts_total';

export const CATALOG_METRICS = [
  makeCounterProvider({
    name: STOCK_CONFLICTS,
    help: 'Order lines that could not be reserved because stock ran out',
  }),
];
