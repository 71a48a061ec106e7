/** What one connection (or a pool) can do: parameterised SQL in, rows out. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs several statements with no parameters (migration files). */
  exec(sql: string): Promise<void>;
}

/**
 * The one query interface over both backends: PGlite in the data directory and a PostgreSQL
 * server. The same SQL runs on both; nothing above this file knows which one it has.
 */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` on one connection, for session state such as advisory locks and LISTEN. */
  session<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify(payload)` for each NOTIFY on `channel`; resolves to a function that stops listening.
   * A connection lost while listening is taken up again; `onResumed` is then called, because what was
   * announced in between never arrived: the listener reads the table the notifications point to.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onResumed?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** PostgreSQL's SQLSTATE for a unique violation, as both backends report it. */
export const UNIQUE_VIOLATION = '23505';

/** The SQLSTATE of a database error, from either backend. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
