import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';

/**
 * SQLSTATEs that say the database cannot take this request now, not that the request is wrong: class 08 (connection
 * exception), the server shutting down or starting (57P01-57P03, as in a failover or a restart), too many connections
 * (53300), and a write sent to a server that is (or has just become) a replica (25006, read_only_sql_transaction:
 * the moment of a switchover). The same request a little later, through HAProxy to the new primary, succeeds.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '25006']);

/** Socket errors of a connection to the database (node-postgres passes Node's own). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** node-postgres' and pg-pool's own messages for a connection that failed, closed or could not be had in time. */
const CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Query read timeout/,
];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
}

function unavailable(error: ErrorLike): boolean {
  const code = typeof error.code === 'string' ? error.code : '';
  if (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || SOCKET_CODES.has(code)) return true;
  const message = typeof error.message === 'string' ? error.message : '';
  return CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * Whether an error means "the database is unavailable" (no primary during a failover, a restart, a lost connection)
 * rather than a bug: such a request is answered 503 DATABASE_UNAVAILABLE with Retry-After, never 500. TypeORM wraps
 * errors of a query (QueryFailedError, the driver's error inside) but passes the pool's connection errors as they are.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  // A transaction's connection that broke (its "error" event) makes TypeORM release the query runner at once; the
  // transaction's next statement (often the ROLLBACK) then fails with these instead of the connection error.
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) {
    return true;
  }
  if (error instanceof QueryFailedError)
    {return unavailable((error.driverError ?? {}) as ErrorLike) || unavailable(error);}
  return unavailable(error);
}
