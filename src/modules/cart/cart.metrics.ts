import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const CARTS_CREATED = 'dhakacart_carts_created_total';

export const CART_METRICS = [makeCounterProvider({ name: CARTS_CREATED, help: 'Carts created (a customer adds a first item)' })];
