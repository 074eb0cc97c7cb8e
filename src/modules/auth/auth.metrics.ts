import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const LOGINS = 'dhakacart_logins_total';

export const AUTH_METRICS = [
  makeCounterProvider({ name: LOGINS, help: 'Sign-in attempts by result (success, failure)', labelNames: ['result'] }),
];
