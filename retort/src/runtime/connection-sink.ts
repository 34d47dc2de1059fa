// The sink that runs statements on a live connection. Inside a transaction, statements
// without parameters are not sent one by one: they wait and travel in one simple-query
// message, sent when an answer is needed (a statement with parameters or a write) or with
// COMMIT, so that a migration whose statements carry no parameters costs one round trip:
// BEGIN, its statements, its guarded version-row change and COMMIT in one message.
// A client that dies after sending it leaves the server to finish or abort that whole
// transaction; the run lock lives on this same server session (session.ts), so the next run
// starts only after that, and finds the migration either recorded or not run at all.
// When such a message fails the server cannot say which of its statements failed, so the
// sink rolls back and replays them one by one in a fresh transaction (rolled back too),
// after what the transaction had sent before them, to name it exactly.
import type { TransactionSql } from "../dialects/index.js";
import type { Connection } from "../drivers/types.js";
import type { Statement } from "../ops/types.js";
import { interruption } from "./interrupt.js";
import { StatementFailure, type StatementSink } from "./sink.js";

/** Once the run is interrupted nothing more is sent but what ends a transaction. */
const stopIfInterrupted = (): void => {
  const stop = interruption();
  if (stop !== null) throw stop;
};

// A statement's text may end in a `--` comment, which would swallow a `;` on its line.
const terminated = (sql: string): string => {
  const text = sql.trimEnd().replace(/;+$/, "");
  return text.slice(text.lastIndexOf("\n") + 1).includes("--") ? `${text}\n;` : `${text};`;
};

const joined = (statements: readonly string[]): string => statements.map(terminated).join("\n");

/**
 * `batch: false` sends every statement on its own, always (a database whose DDL commits
 * by itself, where a batch could not be rolled back and replayed to name its failure).
 */
export const connectionSink = (connection: Connection, transaction: TransactionSql, options: { readonly batch?: boolean } = {}): StatementSink => {
  const mayBatch = options.batch ?? true;
  /** Statements of the open transaction not sent yet, BEGIN first until it is sent. */
  let pending: string[] = [];
  let inTransaction = false;
  /** This transaction's parameterless statements wait in `pending`. */
  let batching = true;
  /** The server has received this transaction's BEGIN (so it must hear how it ends). */
  let begunOnServer = false;
  /**
   * What this transaction sent before the batch in flight (a statement with parameters
   * flushes what waits): a failed batch is replayed after them, so that each statement
   * meets the state it met in the transaction.
   */
  let sent: Statement[] = [];

  /** Finds the statement of a failed batch that fails on its own; leaves no transaction open. */
  const attribute = async (batch: readonly string[], error: unknown): Promise<StatementFailure> => {
    await connection.exec(transaction.rollback).catch(() => {});
    // The replay must never commit: COMMIT (the batch's last statement, if it travelled
    // with it) is left out, and every statement passing alone means COMMIT itself failed.
    const replay = batch.filter((sql) => sql !== transaction.begin && sql !== transaction.commit);
    const before = sent;
    sent = [];
    try {
      await connection.exec(transaction.begin);
      for (const statement of before) {
        if (statement.params.length === 0) await connection.exec(statement.sql);
        else await connection.query(statement.sql, statement.params);
      }
      for (const sql of replay) {
        try {
          await connection.exec(sql);
        } catch (alone) {
          return new StatementFailure(alone, sql);
        }
      }
      // Every statement passed alone: the batch's last step (COMMIT's deferred checks) failed.
      return new StatementFailure(error, batch.at(-1) ?? transaction.commit);
    } finally {
      await connection.exec(transaction.rollback).catch(() => {});
    }
  };

  /** Sends what waits plus `last` (if any) as one message; the last statement's row count. */
  const flush = async (last?: string): Promise<number> => {
    const batch = last === undefined ? pending : [...pending, last];
    pending = [];
    if (batch.length === 0) return 0;
    stopIfInterrupted();
    const opensTransaction = batch[0] === transaction.begin;
    try {
      const count = batch.length === 1 ? await connection.execBatch(batch[0] as string) : await connection.execBatch(joined(batch));
      if (opensTransaction) begunOnServer = true;
      if (inTransaction) sent.push(...batch.filter((sql) => sql !== transaction.begin).map((sql) => ({ sql, params: [] })));
      return count;
    } catch (error) {
      // A failed statement aborts the transaction: end it, whoever began it.
      inTransaction = false;
      begunOnServer = false;
      // A cancelled batch is not replayed: that would run what was just cancelled again.
      if (interruption() !== null) {
        await connection.exec(transaction.rollback).catch(() => {});
        throw error;
      }
      throw await attribute(batch, error);
    }
  };

  const sendNow = async (statement: Statement): Promise<number> => {
    await flush();
    stopIfInterrupted();
    const count = (await connection.query(statement.sql, statement.params)).rowCount;
    if (inTransaction) sent.push(statement);
    return count;
  };

  return {
    kind: "connection",
    batches: mayBatch,
    execute: async (statement) => {
      if (inTransaction && batching && statement.params.length === 0) pending.push(statement.sql);
      else if (statement.params.length === 0) {
        stopIfInterrupted();
        await connection.exec(statement.sql);
      } else await sendNow(statement);
    },
    write: async (statement: Statement) =>
      inTransaction && batching && statement.params.length === 0 ? flush(statement.sql) : sendNow(statement),
    begin: async (options) => {
      batching = mayBatch && (options?.batch ?? true);
      inTransaction = true;
      sent = [];
      begunOnServer = false;
      pending = [transaction.begin];
      if (!batching) await flush();
    },
    commit: async () => {
      // COMMIT travels with what waits (alone when nothing does): the transaction ends in
      // the same round trip as its last statements.
      if (batching) await flush(transaction.commit);
      else await connection.exec(transaction.commit);
      inTransaction = false;
      begunOnServer = false;
      sent = [];
    },
    rollback: async () => {
      const mustSend = begunOnServer;
      pending = [];
      sent = [];
      inTransaction = false;
      begunOnServer = false;
      if (mustSend) await connection.exec(transaction.rollback);
    },
    comment: () => {},
    endSection: () => {},
  };
};
