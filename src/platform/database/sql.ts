import { EntityManager, QueryFailedError } from 'typeorm';

interface PgDriverError {
  code?: string;
  constraint?: string;
}

/** True when the error is PostgreSQL's unique_violation (23505), optionally on a given constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as PgDriverError;
  return driverError.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}

/** Escapes LIKE wildcards so user text is matched literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Runs an UPDATE/DELETE ... RETURNING; TypeORM returns [rows, rowCount] for those commands. */
export async function updateReturning<T>(db: Queryable, sql: string, parameters: unknown[]): Promise<T[]> {
  const result = (await db.query(sql, parameters)) as [T[], number];
  return result[0];
}

/** Runs fn in the caller's transaction when given one, otherwise in a new transaction. */
export function inTransaction<T>(
  dataSource: { transaction<R>(fn: (manager: import('typeorm').EntityManager) => Promise<R>): Promise<R> },
  options: { manager?: import('typeorm').EntityManager },
  fn: (manager: import('typeorm').EntityManager) => Promise<T>,
): Promise<T> {
  return options.manager ? fn(options.manager) : dataSource.transaction(fn);
}

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a hot statement as a named prepared statement on the transaction's connection, so PostgreSQL parses and
 * plans it once per connection instead of on every call. Statements must name their result columns (no `*`), so
 * an added column never invalidates a cached plan's result type. Outside a transaction it is a plain query.
 */
export async function prepared<T>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const client = (manager.queryRunner as unknown as { databaseConnection?: PgClient } | undefined)
    ?.databaseConnection;
  if (!client) {
    const result: unknown = await manager.query(text, values);
    return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
  }
  return (await client.query({ name, text, values })).rows as T[];
}
