import { makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';

export const STOCK_CONFLICTS = 'dhakacart_stock_reservation_conflicts_total';
export const CACHE_BYTES = 'dhakacart_catalog_cache_bytes';
export const CACHE_ENTRIES = 'dhakacart_catalog_cache_entries';

export const CATALOG_METRICS = [
  makeCounterProvider({
    name: STOCK_CONFLICTS,
    help: 'Order lines that could not be reserved because stock ran out',
  }),
  makeGaugeProvider({
    name: CACHE_BYTES,
    help: "Bytes held by this replica's catalog cache (serialised JSON plus per-entry overhead)",
  }),
  makeGaugeProvider({ name: CACHE_ENTRIES, help: "Entries in this replica's catalog cache" }),
];
