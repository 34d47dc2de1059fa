// The one place where operations become PostgreSQL statements. One handler per operation
// kind (OpHandlers), so a new kind fails to type-check until it is compiled here. Every
// identifier goes through quote.ts; every value is either bound as a parameter ($n) or,
// where PostgreSQL takes no parameters (DDL), written as an escaped literal.
// The shape of an op (non-empty lists, matching column counts, one of before/after...) is
// checked once, by the builders in ops/build/ that make it; the checks kept here guard
// text this file prints bare (methods, languages, type text, key words), whoever made the op.
import { createHash } from "node:crypto";
import type {
  CheckConstraint,
  Column,
  DefaultValue,
  ForeignKey,
  Index,
  IndexElement,
  PrimaryKey,
  ReferentialAction,
  SqlText,
  UniqueConstraint,
} from "../../schema/types.js";
import type { FunctionDefinition, Op, OpHandlers, OpOf, Statement, TableRef, TriggerDefinition, ViewDefinition } from "../../ops/types.js";
import { insertColumns } from "../../ops/insert-columns.js";
import { fragmentSql, sqlTextOf } from "./fragment.js";
import { bindValue, ddlLiteral } from "./literal.js";
import { ident, invalid, qualified, str } from "./guarded-quote.js";
import type { DialectCapabilities } from "../types.js";
import { columnTypeSql } from "./types.js";
import { objectHandlers, routineClauses, viewClauses, viewIndexes } from "./compile-objects.js";

export { inlineStatement } from "./inline.js";

export interface CompileContext {
  /** Only what the compiler forks on. */
  readonly capabilities: Pick<DialectCapabilities, "concurrentIndexes" | "enumAddValueInTransaction">;
  /** Receives one-line remarks about what the compiler did differently from what was asked. */
  readonly notice?: (message: string) => void;
}

// PostgreSQL's limit on bind parameters in one statement.
const MAX_PARAMS = 65535;

const tableName = (ref: TableRef): string => qualified(ref.table, ref.schema);

const columnList = (columns: readonly string[]): string => `(${columns.map(ident).join(", ")})`;

// Access methods, operator classes and languages are printed bare, so they are held to
// the shape of a plain lower-case name.
const word = (value: string, what: string): string => {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(value)) {
    throw invalid(
      `${JSON.stringify(value)} is not a valid ${what}`,
      `A ${what} is a lower-case name such as ${what === "language" ? "plpgsql" : what === "index method" ? "btree or gin" : "text_pattern_ops"}.`,
    );
  }
  return value;
};

// Type text written by hand (function signatures, custom types) goes into DDL as it is.
const typeText = (value: string, what: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_ .,()[\]]*$/.test(value) || value.includes("--")) {
    throw invalid(
      `${JSON.stringify(value)} is not a type name (${what})`,
      "Write the type as PostgreSQL spells it, e.g. integer, text[], trigger, setof users.",
    );
  }
  return value.trim();
};

const expression = (value: SqlText, what: string): string => {
  const text = sqlTextOf(value);
  if (text.trim().length === 0) throw invalid(`${what} is empty`, "Give the SQL expression.");
  return text;
};

const defaultSql = (value: DefaultValue): string =>
  value.kind === "sql" ? expression(value.sql, "a default expression") : ddlLiteral(value.value);

const columnDefinition = (column: Column): string => {
  const parts = [ident(column.name), columnTypeSql(column.type)];
  if (column.type.kind === "custom") typeText(column.type.sql, `column "${column.name}"`);
  if (column.identity !== undefined) {
    if (column.default !== undefined || column.generated !== undefined) {
      throw invalid(
        `column "${column.name}" is an identity column and also has a default or generated expression`,
        "Keep only one way of filling the column in.",
      );
    }
    const { always, start, increment } = column.identity;
    const options = [
      start === undefined ? "" : `START WITH ${integerText(start)}`,
      increment === undefined ? "" : `INCREMENT BY ${integerText(increment)}`,
    ].filter(Boolean);
    parts.push(`GENERATED ${always ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY${options.length > 0 ? ` (${options.join(" ")})` : ""}`);
  }
  if (column.generated !== undefined) {
    parts.push(`GENERATED ALWAYS AS (${expression(column.generated.sql, `the expression of generated column "${column.name}"`)}) STORED`);
  }
  if (column.default !== undefined) parts.push(`DEFAULT ${defaultSql(column.default)}`);
  if (!column.nullable) parts.push("NOT NULL");
  return parts.join(" ");
};

const integerText = (n: number): string => {
  if (!Number.isSafeInteger(n)) throw invalid(`${n} is not an integer`, "Identity START WITH and INCREMENT BY take integers.");
  return String(n);
};

const action = (what: "DELETE" | "UPDATE", value: ReferentialAction | undefined): string => {
  if (value === undefined) return "";
  const allowed: readonly ReferentialAction[] = ["no action", "restrict", "cascade", "set null", "set default"];
  if (!allowed.includes(value))
    throw invalid(`ON ${what} ${JSON.stringify(value)} is not a referential action`, `Use one of ${allowed.join(", ")}.`);
  return ` ON ${what} ${value.toUpperCase()}`;
};

const deferrable = (c: { readonly deferrable?: boolean; readonly initiallyDeferred?: boolean }): string =>
  c.deferrable === true ? (c.initiallyDeferred === true ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE") : "";

const primaryKeyClause = (pk: PrimaryKey): string => `CONSTRAINT ${ident(pk.name)} PRIMARY KEY ${columnList(pk.columns)}`;

const uniqueClause = (u: UniqueConstraint): string => `CONSTRAINT ${ident(u.name)} UNIQUE ${columnList(u.columns)}${deferrable(u)}`;

const checkClause = (c: CheckConstraint): string =>
  `CONSTRAINT ${ident(c.name)} CHECK (${expression(c.expression, `check constraint "${c.name}"`)})`;

const foreignKeyClause = (fk: ForeignKey): string =>
  `CONSTRAINT ${ident(fk.name)} FOREIGN KEY ${columnList(fk.columns)} REFERENCES ${qualified(fk.references.table, fk.references.schema)} ${columnList(fk.references.columns)}${action("DELETE", fk.onDelete)}${action("UPDATE", fk.onUpdate)}${deferrable(fk)}`;

const indexElement = (element: IndexElement): string => {
  if (element.kind === "expression") return `(${expression(element.sql, "an index expression")})`;
  let text = ident(element.name);
  if (element.opclass !== undefined) text += ` ${word(element.opclass, "operator class")}`;
  if (element.order !== undefined) text += element.order === "desc" ? " DESC" : " ASC";
  if (element.nulls !== undefined) text += element.nulls === "first" ? " NULLS FIRST" : " NULLS LAST";
  return text;
};

const statement = (sql: string, params: readonly unknown[] = [], nonTransactional = false): Statement =>
  nonTransactional ? { sql, params, nonTransactional: true } : { sql, params };

const commentStatement = (target: string, comment: string | null): Statement =>
  statement(`COMMENT ON ${target} IS ${comment === null ? "NULL" : str(comment)}`);

const alterTable = (ref: TableRef, clause: string): Statement => statement(`ALTER TABLE ${tableName(ref)} ${clause}`);

/** ADD CONSTRAINT as asked: validated at once, NOT VALID, or NOT VALID then VALIDATE on its own. */
const addValidated = (ref: TableRef, clause: string, name: string, validate: "separately" | "never" | undefined): Statement[] => {
  if (validate === undefined) return [alterTable(ref, `ADD ${clause}`)];
  const add = alterTable(ref, `ADD ${clause} NOT VALID`);
  if (validate === "never") return [add];
  // Alone, so that the scan runs under VALIDATE's own lock, which lets reads and writes
  // through, and not under the one ADD CONSTRAINT took.
  return [add, statement(`ALTER TABLE ${tableName(ref)} VALIDATE CONSTRAINT ${ident(name)}`, [], true)];
};

/** The temporary check that proves NOT NULL: a name of at most 63 bytes, the same every time. */
const notNullCheckName = (table: string, column: string): string => {
  const plain = `${table}_${column}_not_null`;
  if (Buffer.byteLength(plain, "utf8") <= 63) return plain;
  return `not_null_${createHash("sha256").update(`${table}\0${column}`).digest("hex").slice(0, 16)}`;
};

const concurrently = (ctx: CompileContext, what: string): { keyword: string; nonTransactional: boolean } => {
  if (!ctx.capabilities.concurrentIndexes) {
    ctx.notice?.(`PGlite does not support ${what} CONCURRENTLY; running a plain ${what} instead`);
    return { keyword: "", nonTransactional: false };
  }
  return { keyword: " CONCURRENTLY", nonTransactional: true };
};

// Where the old type waits while the columns move to the new one; within the 63-byte limit.
const asideName = (name: string): string => `${name.slice(0, 40)}__retort_old`;

// Checks, indexes and defaults whose expressions name the type (or its array type), e.g. a
// partial index WHERE m = 'happy'::mood, cannot survive the swap: ALTER COLUMN TYPE would rebuild
// them from their text, which by then names the type set aside. So their definitions are
// saved, as the catalog prints them, and they are dropped; after the columns moved they
// are created again from the saved text, which now names the new type. A temporary table
// carries the text from one statement to the other, inside the migration's transaction.
const DEPENDENTS_TABLE = "retort_enum_dependents";
const DEPENDENTS = `pg_temp.${DEPENDENTS_TABLE}`;

const saveTypeDependents = (type: string): Statement => {
  const oids = `(SELECT oid FROM pg_type WHERE oid = ${str(type)}::regtype UNION ALL SELECT typarray FROM pg_type WHERE oid = ${str(type)}::regtype)`;
  const usesType = (classid: string, objid: string) =>
    `EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${classid}'::regclass AND d.objid = ${objid} AND d.refclassid = 'pg_type'::regclass AND d.refobjid IN ${oids})`;
  return statement(
    [
      "DO $retort$",
      "DECLARE dependent record;",
      "BEGIN",
      `  CREATE TEMP TABLE ${DEPENDENTS_TABLE} (n serial, restore text NOT NULL);`,
      "  FOR dependent IN",
      "    SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop_sql,",
      "           format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS restore",
      `      FROM pg_constraint c WHERE c.contype = 'c' AND ${usesType("pg_constraint", "c.oid")}`,
      "    UNION ALL",
      "    SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)",
      `      FROM pg_index i WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) AND ${usesType("pg_class", "i.indexrelid")}`,
      "    UNION ALL",
      "    SELECT format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT', a.adrelid::regclass, c.attname),",
      "           format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', a.adrelid::regclass, c.attname, pg_get_expr(a.adbin, a.adrelid))",
      `      FROM pg_attrdef a JOIN pg_attribute c ON c.attrelid = a.adrelid AND c.attnum = a.adnum WHERE ${usesType("pg_attrdef", "a.oid")}`,
      "  LOOP",
      "    EXECUTE dependent.drop_sql;",
      `    INSERT INTO ${DEPENDENTS} (restore) VALUES (dependent.restore);`,
      "  END LOOP;",
      "END",
      "$retort$",
    ].join("\n"),
  );
};

const restoreTypeDependents = (): Statement =>
  statement(
    [
      "DO $retort$",
      "DECLARE dependent record;",
      "BEGIN",
      `  FOR dependent IN SELECT restore FROM ${DEPENDENTS} ORDER BY n LOOP`,
      "    EXECUTE dependent.restore;",
      "  END LOOP;",
      `  DROP TABLE ${DEPENDENTS};`,
      "END",
      "$retort$",
    ].join("\n"),
  );

const recreateEnumStatements = (op: OpOf<"recreateEnum">): Statement[] => {
  const type = qualified(op.name, op.schema);
  const statements = [
    saveTypeDependents(type),
    statement(`ALTER TYPE ${type} RENAME TO ${ident(asideName(op.name))}`),
    statement(`CREATE TYPE ${type} AS ENUM (${op.values.map(str).join(", ")})`),
  ];
  for (const use of op.columns) {
    const column = ident(use.column);
    const to = use.array === true ? `${type}[]` : type;
    const via = use.array === true ? "text[]" : "text";
    // A default is an expression of the old type: it goes first and comes back after.
    if (use.default !== undefined) statements.push(alterTable(use, `ALTER COLUMN ${column} DROP DEFAULT`));
    statements.push(alterTable(use, `ALTER COLUMN ${column} TYPE ${to} USING ${column}::${via}::${to}`));
    if (use.default !== undefined) statements.push(alterTable(use, `ALTER COLUMN ${column} SET DEFAULT ${defaultSql(use.default)}`));
  }
  statements.push(restoreTypeDependents());
  statements.push(statement(`DROP TYPE ${qualified(asideName(op.name), op.schema)}`));
  return statements;
};

const functionSignature = (fn: { readonly name: string; readonly schema?: string }, argTypes: readonly string[]): string =>
  `${qualified(fn.name, fn.schema)}(${argTypes.map((t) => typeText(t, `an argument of function "${fn.name}"`)).join(", ")})`;

// A dollar-quote tag that does not occur in the body, so the body can never end the quote.
const dollarQuote = (value: SqlText): string => {
  const body = sqlTextOf(value);
  let tag = "$$";
  for (let n = 0; body.includes(tag); n++) tag = n === 0 ? "$body$" : `$body${n}$`;
  return `${tag}${body}${tag}`;
};

const createFunctionSql = (fn: FunctionDefinition, orReplace: boolean): string => {
  const args = fn.args.map((arg) => {
    const parts: string[] = [];
    if (arg.mode !== undefined) {
      if (!["in", "out", "inout", "variadic"].includes(arg.mode))
        throw invalid(`argument mode ${JSON.stringify(arg.mode)} is not valid`, "Use in, out, inout or variadic.");
      parts.push(arg.mode.toUpperCase());
    }
    if (arg.name !== undefined) parts.push(ident(arg.name));
    parts.push(typeText(arg.type, `an argument of function "${fn.name}"`));
    if (arg.default !== undefined) parts.push(`DEFAULT ${expression(arg.default, "an argument default")}`);
    return parts.join(" ");
  });
  const clauses = [
    ...(fn.procedure === true ? [] : [`RETURNS ${typeText(fn.returns, `the return type of function "${fn.name}"`)}`]),
    `LANGUAGE ${word(fn.language, "language")}`,
  ];
  if (fn.volatility !== undefined) {
    if (!["immutable", "stable", "volatile"].includes(fn.volatility))
      throw invalid(`volatility ${JSON.stringify(fn.volatility)} is not valid`, "Use immutable, stable or volatile.");
    clauses.push(fn.volatility.toUpperCase());
  }
  if (fn.security !== undefined) {
    if (!["invoker", "definer"].includes(fn.security))
      throw invalid(`security ${JSON.stringify(fn.security)} is not valid`, "Use invoker or definer.");
    clauses.push(`SECURITY ${fn.security.toUpperCase()}`);
  }
  clauses.push(...routineClauses(fn));
  return `CREATE ${orReplace ? "OR REPLACE " : ""}${fn.procedure === true ? "PROCEDURE" : "FUNCTION"} ${qualified(fn.name, fn.schema)}(${args.join(", ")})\n${clauses.join(" ")}\nAS ${dollarQuote(fn.body)}`;
};

const TRIGGER_EVENTS = ["insert", "update", "delete", "truncate"] as const;

const createTriggerSql = (t: TriggerDefinition, orReplace: boolean): string => {
  const events = t.events.map((e) => {
    if (!TRIGGER_EVENTS.includes(e))
      throw invalid(`trigger event ${JSON.stringify(e)} is not valid`, "Use insert, update, delete or truncate.");
    return e === "update" && t.updateOf !== undefined && t.updateOf.length > 0
      ? `UPDATE OF ${t.updateOf.map(ident).join(", ")}`
      : e.toUpperCase();
  });
  if (!["before", "after", "instead of"].includes(t.timing))
    throw invalid(`trigger timing ${JSON.stringify(t.timing)} is not valid`, "Use before, after or instead of.");
  if (!["row", "statement"].includes(t.forEach))
    throw invalid(`trigger forEach ${JSON.stringify(t.forEach)} is not valid`, "Use row or statement.");
  const when = t.when === undefined ? "" : `\nWHEN (${expression(t.when, `the WHEN condition of trigger "${t.name}"`)})`;
  const args = (t.args ?? []).map(str).join(", ");
  return (
    `CREATE ${orReplace ? "OR REPLACE " : ""}TRIGGER ${ident(t.name)} ${t.timing.toUpperCase()} ${events.join(" OR ")} ON ${qualified(t.table, t.schema)}\n` +
    `FOR EACH ${t.forEach.toUpperCase()}${when}\nEXECUTE FUNCTION ${qualified(t.function.name, t.function.schema)}(${args})`
  );
};

const createViewSql = (v: ViewDefinition, orReplace: boolean): string => {
  const { options, suffix } = viewClauses(v);
  return `CREATE ${orReplace ? "OR REPLACE " : ""}${v.materialized === true ? "MATERIALIZED " : ""}VIEW ${qualified(v.name, v.schema)}${options} AS\n${expression(v.query, `the query of view "${v.name}"`)}${suffix}`;
};

const createIndexStatement = (op: OpOf<"createIndex">, ctx: CompileContext): Statement => {
  const index: Index = op.index;
  const c = op.concurrently === true ? concurrently(ctx, "CREATE INDEX") : { keyword: "", nonTransactional: false };
  let sql = `CREATE ${index.unique ? "UNIQUE " : ""}INDEX${c.keyword}${op.ifNotExists === true ? " IF NOT EXISTS" : ""} ${ident(index.name)} ON ${tableName(op)}`;
  if (index.method !== undefined) sql += ` USING ${word(index.method, "index method")}`;
  sql += ` (${index.elements.map(indexElement).join(", ")})`;
  if (index.include !== undefined && index.include.length > 0)
    sql += ` INCLUDE ${columnList(index.include)}`;
  if (index.where !== undefined) sql += ` WHERE ${expression(index.where, `the WHERE clause of index "${index.name}"`)}`;
  return statement(sql, [], c.nonTransactional);
};

const bulkInsert = (op: OpOf<"bulkInsert">): Statement[] => {
  if (op.rows.length === 0) return [];
  const columns = insertColumns(op);
  const target = tableName(op);
  if (columns.length === 0) return op.rows.map(() => statement(`INSERT INTO ${target} DEFAULT VALUES`));
  const head = `INSERT INTO ${target} (${columns.map(ident).join(", ")}) VALUES `;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const statements: Statement[] = [];
  for (let start = 0; start < op.rows.length; start += perStatement) {
    const params: unknown[] = [];
    const tuples = op.rows.slice(start, start + perStatement).map((row) => {
      const cells = columns.map((column) => {
        // A key the row does not have takes the column's default, as in Alembic's bulk_insert.
        if (!Object.hasOwn(row, column)) return "DEFAULT";
        params.push(bindValue(row[column]));
        return `$${params.length}`;
      });
      return `(${cells.join(", ")})`;
    });
    statements.push(statement(head + tuples.join(", "), params));
  }
  return statements;
};

const handlers = (ctx: CompileContext): OpHandlers<Statement[]> => ({
  createTable: (op) => {
    const t = op.table;
    const lines = t.columns.map(columnDefinition);
    if (t.primaryKey !== undefined) lines.push(primaryKeyClause(t.primaryKey));
    lines.push(...t.uniques.map(uniqueClause), ...t.checks.map(checkClause), ...t.foreignKeys.map(foreignKeyClause));
    const name = qualified(t.name, t.schema);
    const statements = [statement(`CREATE TABLE ${op.ifNotExists === true ? "IF NOT EXISTS " : ""}${name} (\n  ${lines.join(",\n  ")}\n)`)];
    if (t.comment !== undefined) statements.push(commentStatement(`TABLE ${name}`, t.comment));
    for (const column of t.columns)
      if (column.comment !== undefined) statements.push(commentStatement(`COLUMN ${name}.${ident(column.name)}`, column.comment));
    return statements;
  },
  dropTable: (op) => [
    statement(`DROP TABLE ${op.ifExists === true ? "IF EXISTS " : ""}${tableName(op)}${op.cascade === true ? " CASCADE" : ""}`),
  ],
  renameTable: (op) => [alterTable(op, `RENAME TO ${ident(op.newName)}`)],
  renameConstraint: (op) => [
    op.index === true
      ? statement(`ALTER INDEX ${qualified(op.name, op.schema)} RENAME TO ${ident(op.newName)}`)
      : alterTable(op, `RENAME CONSTRAINT ${ident(op.name)} TO ${ident(op.newName)}`),
  ],
  addColumn: (op) => {
    const statements = [alterTable(op, `ADD COLUMN ${op.ifNotExists === true ? "IF NOT EXISTS " : ""}${columnDefinition(op.column)}`)];
    if (op.column.comment !== undefined)
      statements.push(commentStatement(`COLUMN ${tableName(op)}.${ident(op.column.name)}`, op.column.comment));
    return statements;
  },
  dropColumn: (op) => [alterTable(op, `DROP COLUMN ${op.ifExists === true ? "IF EXISTS " : ""}${ident(op.column)}`)],
  alterColumn: (op) => {
    const column = ident(op.column);
    const actions: string[] = [];
    // A default is an expression of the old type, which the server may not cast: around a
    // type change it is dropped first and set again (the new one, or the one it had) after.
    const defaultAfter = op.default !== undefined ? op.default : op.previous?.default;
    const resetDefault = op.type !== undefined && (op.previous?.default ?? null) !== null;
    if (resetDefault) actions.push(`ALTER COLUMN ${column} DROP DEFAULT`);
    if (op.type !== undefined) {
      if (op.type.to.kind === "custom") typeText(op.type.to.sql, `column "${op.column}"`);
      const type = columnTypeSql(op.type.to);
      const using =
        op.type.using !== undefined
          ? ` USING ${expression(op.type.using, "a USING expression")}`
          : op.type.explicitCast === true
            ? ` USING ${column}::${type}`
            : "";
      actions.push(`ALTER COLUMN ${column} TYPE ${type}${using}`);
    }
    const viaCheck = op.viaCheck === true && op.nullable === false;
    if (op.nullable !== undefined && !viaCheck) actions.push(`ALTER COLUMN ${column} ${op.nullable ? "DROP" : "SET"} NOT NULL`);
    if (resetDefault ? defaultAfter !== undefined && defaultAfter !== null : op.default !== undefined)
      actions.push(
        defaultAfter === null || defaultAfter === undefined
          ? `ALTER COLUMN ${column} DROP DEFAULT`
          : `ALTER COLUMN ${column} SET DEFAULT ${defaultSql(defaultAfter)}`,
      );
    const statements: Statement[] = [];
    if (actions.length > 0) statements.push(alterTable(op, actions.join(", ")));
    if (viaCheck) {
      // PostgreSQL 12+ skips SET NOT NULL's scan when a valid check proves it.
      const check = notNullCheckName(op.table, op.column);
      statements.push(
        ...addValidated(op, `CONSTRAINT ${ident(check)} CHECK (${column} IS NOT NULL)`, check, "separately"),
        alterTable(op, `ALTER COLUMN ${column} SET NOT NULL`),
        alterTable(op, `DROP CONSTRAINT ${ident(check)}`),
      );
    }
    if (op.comment !== undefined) statements.push(commentStatement(`COLUMN ${tableName(op)}.${column}`, op.comment));
    if (op.newName !== undefined) statements.push(alterTable(op, `RENAME COLUMN ${column} TO ${ident(op.newName)}`));
    return statements;
  },
  createIndex: (op) => [createIndexStatement(op, ctx)],
  dropIndex: (op) => {
    const c = op.concurrently === true ? concurrently(ctx, "DROP INDEX") : { keyword: "", nonTransactional: false };
    return [
      statement(
        `DROP INDEX${c.keyword} ${op.ifExists === true ? "IF EXISTS " : ""}${qualified(op.name, op.schema)}`,
        [],
        c.nonTransactional,
      ),
    ];
  },
  createPrimaryKey: (op) => [alterTable(op, `ADD ${primaryKeyClause(op.primaryKey)}`)],
  createForeignKey: (op) => addValidated(op, foreignKeyClause(op.foreignKey), op.foreignKey.name, op.validate),
  createUniqueConstraint: (op) => {
    if (op.concurrently !== true) return [alterTable(op, `ADD ${uniqueClause(op.unique)}`)];
    const index = { name: op.unique.name, elements: op.unique.columns.map((name) => ({ kind: "column" as const, name })), unique: true };
    return [
      createIndexStatement({ kind: "createIndex", ...(op.schema === undefined ? {} : { schema: op.schema }), table: op.table, index, concurrently: true }, ctx),
      alterTable(op, `ADD CONSTRAINT ${ident(op.unique.name)} UNIQUE USING INDEX ${ident(op.unique.name)}${deferrable(op.unique)}`),
    ];
  },
  createCheckConstraint: (op) => addValidated(op, checkClause(op.check), op.check.name, op.validate),
  dropConstraint: (op) => [alterTable(op, `DROP CONSTRAINT ${op.ifExists === true ? "IF EXISTS " : ""}${ident(op.name)}`)],
  createEnum: (op) => [statement(`CREATE TYPE ${qualified(op.enum.name, op.enum.schema)} AS ENUM (${op.enum.values.map(str).join(", ")})`)],
  dropEnum: (op) => [statement(`DROP TYPE ${op.ifExists === true ? "IF EXISTS " : ""}${qualified(op.name, op.schema)}`)],
  // Inside the migration's transaction where the server allows it (12+, PGlite), so the
  // migration stays atomic; on its own where the server refuses it in a transaction block,
  // or where the migration itself uses the new value (never allowed in the same transaction).
  addEnumValue: (op) => {
    const place = op.before !== undefined ? ` BEFORE ${str(op.before)}` : op.after !== undefined ? ` AFTER ${str(op.after)}` : "";
    const sql = `ALTER TYPE ${qualified(op.name, op.schema)} ADD VALUE ${op.ifNotExists === true ? "IF NOT EXISTS " : ""}${str(op.value)}${place}`;
    const why = !ctx.capabilities.enumAddValueInTransaction
      ? "this PostgreSQL server (before 12) refuses it inside a transaction"
      : op.separateTransaction === true
        ? "the migration uses the new value, which PostgreSQL refuses in the transaction that added it"
        : undefined;
    if (why === undefined) return [statement(sql)];
    ctx.notice?.(`${sql} commits on its own (${why}): the statements before it are committed first, and a later failure cannot undo them`);
    return [statement(sql, [], true)];
  },
  recreateEnum: (op) => recreateEnumStatements(op),
  renameEnumValue: (op) => [statement(`ALTER TYPE ${qualified(op.name, op.schema)} RENAME VALUE ${str(op.from)} TO ${str(op.to)}`)],
  setTableComment: (op) => [commentStatement(`TABLE ${tableName(op)}`, op.comment)],
  setColumnComment: (op) => [commentStatement(`COLUMN ${tableName(op)}.${ident(op.column)}`, op.comment)],
  bulkInsert,
  execute: (op) => [statement(typeof op.sql === "string" ? op.sql : fragmentSql(op.sql), (op.params ?? []).map(bindValue))],
  createFunction: (op) => [statement(createFunctionSql(op.function, op.orReplace === true))],
  dropFunction: (op) => {
    const target = op.argTypes === undefined ? qualified(op.name, op.schema) : functionSignature(op, op.argTypes);
    return [statement(`DROP ${op.procedure === true ? "PROCEDURE" : "FUNCTION"} ${op.ifExists === true ? "IF EXISTS " : ""}${target}${op.cascade === true ? " CASCADE" : ""}`)];
  },
  createTrigger: (op) => [statement(createTriggerSql(op.trigger, op.orReplace === true))],
  dropTrigger: (op) => [statement(`DROP TRIGGER ${op.ifExists === true ? "IF EXISTS " : ""}${ident(op.name)} ON ${tableName(op)}`)],
  createView: (op) => [
    ...(op.dropFirst === true ? [statement(`DROP ${op.view.materialized === true ? "MATERIALIZED " : ""}VIEW ${qualified(op.view.name, op.view.schema)}`)] : []),
    statement(createViewSql(op.view, op.orReplace === true && op.dropFirst !== true)),
    ...viewIndexes(op.view).map((o) => createIndexStatement(o, ctx)),
  ],
  dropView: (op) => [
    statement(
      `DROP ${op.materialized === true ? "MATERIALIZED " : ""}VIEW ${op.ifExists === true ? "IF EXISTS " : ""}${qualified(op.name, op.schema)}${op.cascade === true ? " CASCADE" : ""}`,
    ),
  ],
  createSchema: (op) => [statement(`CREATE SCHEMA ${op.ifNotExists === true ? "IF NOT EXISTS " : ""}${ident(op.name)}`)],
  dropSchema: (op) => [
    statement(`DROP SCHEMA ${op.ifExists === true ? "IF EXISTS " : ""}${ident(op.name)}${op.cascade === true ? " CASCADE" : ""}`),
  ],
  ...objectHandlers,
  // PostgreSQL alters in place: a batch is its changes in order.
  batchAlterTable: (op) => op.ops.flatMap((inner) => compileOp(inner, ctx)),
});

/** The statements that carry out one operation, in order. Throws INVALID_OPERATION before producing any. */
export const compileOp = (op: Op, ctx: CompileContext): Statement[] => {
  const table = handlers(ctx);
  const handler = table[op.kind] as ((op: Op) => Statement[]) | undefined;
  if (handler === undefined)
    throw invalid(
      `unknown operation kind ${JSON.stringify((op as { kind?: unknown }).kind)}`,
      "Build operations with the op facade or the ops/ constructors.",
    );
  return handler(op);
};
