// The sink that runs statements on a live connection.
import type { TransactionSql } from "../dialects/index.js";
import type { Connection } from "../drivers/types.js";
import type { Statement } from "../ops/types.js";
import type { StatementSink } from "./sink.js";

export const connectionSink = (connection: Connection, transaction: TransactionSql): StatementSink => ({
  kind: "connection",
  execute: async (statement) => {
    if (statement.params.length === 0) await connection.exec(statement.sql);
    else await connection.query(statement.sql, statement.params);
  },
  write: async (statement: Statement) => (await connection.query(statement.sql, statement.params)).rowCount,
  begin: () => connection.exec(transaction.begin),
  commit: () => connection.exec(transaction.commit),
  rollback: () => connection.exec(transaction.rollback),
  comment: () => {},
  endSection: () => {},
});
