// The one small interface every database driver offers the runtime. A driver knows
// connections and nothing of SQL beyond passing it through.

export interface QueryResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

export type DriverKind = "postgres" | "pglite" | "sqlite" | "mysql";

export interface Connection {
  readonly kind: DriverKind;
  /** One statement, with parameters bound by the driver ($1 on PostgreSQL, ? on MySQL). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Zero or more statements separated by semicolons, no parameters (simple protocol). */
  exec(sql: string): Promise<void>;
  /** As exec, in one message; resolves with the row count of the last statement. */
  execBatch(sql: string): Promise<number>;
  close(): Promise<void>;
}
