// Column types that are hard to change once a table is large: choose well when the table
// is created. These apply to new tables too, where the choice is made.
import type { Change, ColumnFact, Rel, TypeFact } from "../types.js";
import { POSTGRES_AND_MYSQL, POSTGRES_ONLY } from "./databases.js";
import { defineRule, relName } from "../types.js";

type Defining = Extract<Change, { kind: "createTable" | "addColumn" | "alterType" }>;

/** The columns a change defines or redefines, with their table. */
const columnsOf = (change: Defining): { table: Rel; column: string; type: TypeFact; fact?: ColumnFact }[] => {
  switch (change.kind) {
    case "createTable":
      return change.columns.map((fact) => ({ table: change.table, column: fact.name, type: fact.type, fact }));
    case "addColumn":
      return [{ table: change.table, column: change.column.name, type: change.column.type, fact: change.column }];
    case "alterType":
      return [{ table: change.table, column: change.column, type: change.to }];
  }
};

const first = <T>(items: readonly T[], test: (item: T) => boolean): T | undefined => items.find(test);

export const preferText = defineRule({
  id: "prefer-text",
  databases: POSTGRES_ONLY,
  level: "warn",
  reason: "varchar(n) stores nothing more efficiently than text, and raising the limit later is a migration; a CHECK on length can change without touching rows",
  fix: "use text (with a CHECK (char_length(col) <= n) if the limit matters)",
  kinds: ["createTable", "addColumn", "alterType"],
  check: (change) => {
    const hit = first(columnsOf(change), (c) => c.type.name === "varchar" && c.type.length !== undefined);
    return hit === undefined ? undefined : `${relName(hit.table)}.${hit.column} is varchar(${hit.type.length}): prefer text with a CHECK on its length`;
  },
});

export const banChar = defineRule({
  id: "ban-char",
  databases: POSTGRES_ONLY,
  level: "warn",
  reason: "char(n) pads values with spaces, which compare and concatenate in surprising ways, and is no faster than text",
  fix: "use text (or varchar without a length)",
  kinds: ["createTable", "addColumn", "alterType"],
  check: (change) => {
    const hit = first(columnsOf(change), (c) => c.type.name === "bpchar");
    return hit === undefined ? undefined : `${relName(hit.table)}.${hit.column} is char(${hit.type.length ?? 1}): use text`;
  },
});

const SMALL_INTS = new Set(["int2", "int4", "serial", "smallserial", "serial4", "serial2"]);

export const preferBigintKey = defineRule({
  id: "prefer-bigint-key",
  databases: POSTGRES_AND_MYSQL,
  level: "warn",
  reason: "an integer key runs out at 2,147,483,647, and widening it later rewrites the table and every table that references it",
  fix: "use bigint (bigint().primaryKey() or an identity bigint) for keys",
  kinds: ["createTable", "addColumn"],
  check: (change) => {
    const hit = first(columnsOf(change), (c) => c.fact !== undefined && (c.fact.primaryKey || c.fact.identity) && SMALL_INTS.has(c.type.name));
    return hit === undefined ? undefined : `key column ${relName(hit.table)}.${hit.column} is ${hit.type.name}: it can run out; use bigint`;
  },
});

const SERIALS = new Set(["serial", "smallserial", "bigserial", "serial4", "serial2", "serial8"]);

export const preferIdentity = defineRule({
  id: "prefer-identity",
  databases: POSTGRES_ONLY,
  level: "warn",
  reason: "serial columns own a sequence with separate permissions and ownership that dumps, copies and grants handle badly",
  fix: "use an identity column (bigint().generatedAlwaysAsIdentity() or GENERATED ALWAYS AS IDENTITY)",
  kinds: ["createTable", "addColumn"],
  check: (change) => {
    const hit = first(columnsOf(change), (c) => SERIALS.has(c.type.name));
    return hit === undefined ? undefined : `${relName(hit.table)}.${hit.column} is ${hit.type.name}: prefer an identity column`;
  },
});

export const preferTimestamptz = defineRule({
  id: "prefer-timestamptz",
  databases: POSTGRES_ONLY,
  level: "warn",
  reason: "timestamp without time zone stores wall-clock time with no zone, so values shift meaning when a server's or a client's zone differs",
  fix: "use timestamptz (timestamp({ withTimezone: true }))",
  kinds: ["createTable", "addColumn", "alterType"],
  check: (change) => {
    const hit = first(columnsOf(change), (c) => c.type.name === "timestamp");
    return hit === undefined ? undefined : `${relName(hit.table)}.${hit.column} is timestamp without time zone: use timestamptz`;
  },
});
