// Reading a SQLite file a test's retort run wrote, with the same driver retort uses.
import Database from "better-sqlite3";

export const sqliteRows = (file: string, sql: string): unknown[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
};

export const sqliteExec = (file: string, sql: string): void => {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
};
