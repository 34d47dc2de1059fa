// The one place where operations become MySQL/MariaDB statements, one handler per kind
// (OpHandlers). Identifiers go through quote.ts (backticks), values are bound as `?` or,
// in DDL, written as escaped literals. What MySQL cannot express (arrays, partial and
// expression indexes, deferrable and NOT VALID constraints, functions in PL/pgSQL,
// policies, extensions ...) is refused with UNSUPPORTED_OPERATION naming the operation and
// the dialect; the runtime compiles a whole migration before its first statement runs, so
// a refusal never leaves half a migration behind.
//
// MySQL restates a column's whole definition to change its type, nullability or comment
// (MODIFY COLUMN). An operation carries only what changes, so the statement reads the rest
// from information_schema on the server and runs the restated ALTER as a prepared
// statement: the same text works online and in an offline script.
import { RetortError } from "../../errors.js";
import type { CheckConstraint, Column, DefaultValue, ForeignKey, Index, IndexElement, ReferentialAction, SqlText, UniqueConstraint } from "../../schema/types.js";
import type { Op, OpHandlers, OpOf, Statement, TableRef } from "../../ops/types.js";
import { insertColumns } from "../../ops/insert-columns.js";
import { bindValue, ddlLiteral } from "./literal.js";
import { sqlTextOf } from "./fragment.js";
import { quoteIdent, quoteQualified, quoteString } from "./quote.js";
import { columnTypeSql } from "./types.js";

/** Named enums seen by this compiler (createEnum), whose values MySQL writes into each column. */
export type EnumRegistry = Map<string, readonly string[]>;

export interface MysqlCompileContext {
  readonly enums: EnumRegistry;
  readonly notice?: (message: string) => void;
}

// MySQL's limit on placeholders in one prepared statement.
const MAX_PARAMS = 65535;

const refuse = (op: Op | string, why: string, hint: string): RetortError => {
  const kind = typeof op === "string" ? op : op.kind;
  return new RetortError("UNSUPPORTED_OPERATION", `${kind} cannot run on MySQL/MariaDB: ${why}`, { hint, details: { operation: kind, dialect: "mysql" } });
};

const invalid = (message: string, hint: string): RetortError => new RetortError("INVALID_OPERATION", message, { hint });

const ident = quoteIdent;
const qualified = quoteQualified;
const str = quoteString;
const tableName = (ref: TableRef): string => qualified(ref.table, ref.schema);
const columnList = (columns: readonly string[]): string => `(${columns.map(ident).join(", ")})`;
const statement = (sql: string, params: readonly unknown[] = []): Statement => ({ sql, params });
const alterTable = (ref: TableRef, clause: string): Statement => statement(`ALTER TABLE ${tableName(ref)} ${clause}`);

const expression = (value: SqlText, what: string): string => {
  const text = sqlTextOf(value);
  if (text.trim().length === 0) throw invalid(`${what} is empty`, "Give the SQL expression.");
  return text;
};

// Expression defaults go in parentheses (MySQL 8.0.13+, MariaDB 10.2+), except the
// CURRENT_TIMESTAMP family, which both accept bare on DATETIME and TIMESTAMP columns.
const defaultSql = (value: DefaultValue): string => {
  if (value.kind === "literal") return ddlLiteral(value.value);
  const text = expression(value.sql, "a default expression").trim();
  if (/^(now|current_timestamp|localtimestamp)\s*(\(\s*\d*\s*\))?$/i.test(text)) return "CURRENT_TIMESTAMP(6)";
  return `(${text})`;
};

const typeOf = (ctx: MysqlCompileContext, column: Column): string =>
  columnTypeSql(column.type, (name) => ctx.enums.get(name), `column "${column.name}"`);

const isSerial = (column: Column): boolean => ["smallserial", "serial", "bigserial"].includes(column.type.kind);

const columnDefinition = (ctx: MysqlCompileContext, op: Op, column: Column): string => {
  const parts = [ident(column.name), typeOf(ctx, column)];
  const autoIncrement = column.identity !== undefined || isSerial(column);
  if (column.identity !== undefined) {
    if (column.default !== undefined || column.generated !== undefined)
      throw invalid(`column "${column.name}" is an identity column and also has a default or generated expression`, "Keep only one way of filling the column in.");
    if (column.identity.increment !== undefined && column.identity.increment !== 1)
      throw refuse(op, `AUTO_INCREMENT steps by 1 (column "${column.name}" asks for INCREMENT BY ${column.identity.increment})`, "Leave increment out; the server's auto_increment_increment sets the step for every table.");
    if (column.identity.always) ctx.notice?.(`MySQL/MariaDB has no GENERATED ALWAYS AS IDENTITY: column "${column.name}" is AUTO_INCREMENT, which accepts explicit values`);
  }
  if (column.generated !== undefined) parts.push(`GENERATED ALWAYS AS (${expression(column.generated.sql, `the expression of generated column "${column.name}"`)}) STORED`);
  if (!column.nullable || autoIncrement) parts.push("NOT NULL");
  else if (column.generated === undefined) parts.push("NULL");
  if (autoIncrement) parts.push("AUTO_INCREMENT");
  if (column.default !== undefined) parts.push(`DEFAULT ${defaultSql(column.default)}`);
  if (column.comment !== undefined) parts.push(`COMMENT ${str(column.comment)}`);
  return parts.join(" ");
};

const action = (what: "DELETE" | "UPDATE", value: ReferentialAction | undefined): string => {
  if (value === undefined) return "";
  const allowed: readonly ReferentialAction[] = ["no action", "restrict", "cascade", "set null", "set default"];
  if (!allowed.includes(value)) throw invalid(`ON ${what} ${JSON.stringify(value)} is not a referential action`, `Use one of ${allowed.join(", ")}.`);
  return ` ON ${what} ${value.toUpperCase()}`;
};

const notDeferrable = (op: Op, c: { readonly name: string; readonly deferrable?: boolean }): void => {
  if (c.deferrable === true) throw refuse(op, `constraint "${c.name}" is DEFERRABLE, and MySQL checks every constraint at once`, "Drop deferrable (and initiallyDeferred) from the constraint.");
};

const uniqueClause = (op: Op, u: UniqueConstraint): string => {
  notDeferrable(op, u);
  return `CONSTRAINT ${ident(u.name)} UNIQUE ${columnList(u.columns)}`;
};

const checkClause = (c: CheckConstraint): string => `CONSTRAINT ${ident(c.name)} CHECK (${expression(c.expression, `check constraint "${c.name}"`)})`;

/**
 * Stands for the connection's own database in DDL (see `ownDatabaseDdl`): MySQL resolves an
 * unqualified REFERENCES against the child table's database, not the connection's, so a
 * table in another database (config `schemas`) that references one of the connection's own
 * must name that database, which differs between environments and is read at run time.
 */
const OWN_DATABASE = "\u0000retort:own-database\u0000";

const foreignKeyClause = (op: Op, fk: ForeignKey, childSchema: string | undefined): string => {
  notDeferrable(op, fk);
  const target =
    fk.references.schema === undefined && childSchema !== undefined ? `${OWN_DATABASE}.${ident(fk.references.table)}` : qualified(fk.references.table, fk.references.schema);
  return `CONSTRAINT ${ident(fk.name)} FOREIGN KEY ${columnList(fk.columns)} REFERENCES ${target} ${columnList(fk.references.columns)}${action("DELETE", fk.onDelete)}${action("UPDATE", fk.onUpdate)}`;
};

/** DDL naming the connection's own database, built on the server with DATABASE() and run prepared. */
const ownDatabaseDdl = (sql: string): Statement =>
  statement(
    `SET @retort_ddl = CONCAT(${sql.split(OWN_DATABASE).map(str).join(", CONCAT('`', REPLACE(DATABASE(), '`', '``'), '`'), ")});\n` +
      "PREPARE retort_ddl FROM @retort_ddl;\nEXECUTE retort_ddl;\nDEALLOCATE PREPARE retort_ddl",
  );

/**
 * The key a foreign key uses, named as the constraint. MySQL needs one and would otherwise
 * borrow any index that starts with the columns, which then could not be dropped before
 * the foreign key (a downgrade's order); an index of its own keeps them independent.
 */
const foreignKeyIndex = (fk: ForeignKey): string => `KEY ${ident(fk.name)} ${columnList(fk.columns)}`;

const indexElement = (op: Op, index: Index, element: IndexElement): string => {
  if (element.kind === "expression")
    throw refuse(op, `index "${index.name}" has an expression element, which MariaDB cannot index`, "Add a generated column for the expression (t.…generated) and index that column.");
  if (element.opclass !== undefined) throw refuse(op, `index "${index.name}" names an operator class (${element.opclass})`, "Leave the operator class out.");
  if (element.nulls !== undefined) throw refuse(op, `index "${index.name}" orders NULLS ${element.nulls.toUpperCase()}`, "Leave nulls out: MySQL sorts NULL first ascending, last descending.");
  return `${ident(element.name)}${element.order === "desc" ? " DESC" : ""}`;
};

const createIndexSql = (op: OpOf<"createIndex">, ctx: MysqlCompileContext): Statement => {
  const index = op.index;
  if (index.where !== undefined) throw refuse(op, `index "${index.name}" is partial (WHERE ${index.where}), and MySQL has no partial indexes`, "Index every row, or index a generated column that is NULL where the condition is false.");
  if (index.include !== undefined && index.include.length > 0) throw refuse(op, `index "${index.name}" has INCLUDE columns`, "Add the columns to the index's key instead.");
  let using = "";
  if (index.method !== undefined) {
    if (index.method !== "btree" && index.method !== "hash") throw refuse(op, `index "${index.name}" uses the ${index.method} method`, "Use btree (the default) or hash.");
    using = ` USING ${index.method.toUpperCase()}`;
  }
  if (op.concurrently === true) ctx.notice?.(`MySQL/MariaDB has no CREATE INDEX CONCURRENTLY; InnoDB builds index "${index.name}" online with a plain CREATE INDEX`);
  const elements = index.elements.map((e) => indexElement(op, index, e)).join(", ");
  return statement(`CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${op.ifNotExists === true ? "IF NOT EXISTS " : ""}${ident(index.name)}${using} ON ${tableName(op)} (${elements})`);
};

/** What a restated column keeps from information_schema when the operation does not set it. */
interface Restated {
  readonly type?: string;
  readonly nullable?: boolean;
  readonly default?: DefaultValue | null;
  readonly comment?: string | null;
}

/**
 * ALTER TABLE ... MODIFY COLUMN with the column's current definition for every part not in
 * `set`, read from information_schema.COLUMNS and run as a prepared statement. A column
 * that is not there leaves @retort_ddl NULL, and PREPARE fails naming it.
 */
const modifyColumn = (ref: TableRef, column: string, set: Restated): Statement => {
  const parts: string[] = [str(`ALTER TABLE ${tableName(ref)} MODIFY COLUMN ${ident(column)} `)];
  parts.push(set.type !== undefined ? str(set.type) : "COLUMN_TYPE");
  if (set.type === undefined) parts.push("IF(COLLATION_NAME IS NULL, '', CONCAT(' COLLATE ', COLLATION_NAME))");
  parts.push(set.nullable !== undefined ? str(set.nullable ? " NULL" : " NOT NULL") : "IF(IS_NULLABLE = 'NO', ' NOT NULL', ' NULL')");
  // An AUTO_INCREMENT column stays one; a generated column cannot be modified this way.
  parts.push("IF(EXTRA LIKE '%auto_increment%', ' AUTO_INCREMENT', '')");
  if (set.default === undefined)
    parts.push("IF(COLUMN_DEFAULT IS NULL OR (COLUMN_DEFAULT = 'NULL' AND IS_NULLABLE = 'YES'), '', CONCAT(' DEFAULT ', COLUMN_DEFAULT))");
  else if (set.default !== null) parts.push(str(` DEFAULT ${defaultSql(set.default)}`));
  if (set.comment === undefined) parts.push("IF(COLUMN_COMMENT = '', '', CONCAT(' COMMENT ', QUOTE(COLUMN_COMMENT)))");
  else if (set.comment !== null) parts.push(str(` COMMENT ${str(set.comment)}`));
  const where =
    `TABLE_SCHEMA = ${ref.schema === undefined ? "DATABASE()" : str(ref.schema)} AND TABLE_NAME = ${str(ref.table)} AND COLUMN_NAME = ${str(column)}`;
  return statement(
    `SET @retort_ddl = NULL;\nSELECT CONCAT(${parts.join(", ")}) INTO @retort_ddl FROM information_schema.COLUMNS WHERE ${where};\n` +
      "PREPARE retort_ddl FROM @retort_ddl;\nEXECUTE retort_ddl;\nDEALLOCATE PREPARE retort_ddl",
  );
};

const alterColumn = (op: OpOf<"alterColumn">, ctx: MysqlCompileContext): Statement[] => {
  if (op.type?.using !== undefined)
    throw refuse(op, `MySQL converts a column's values by its own casts and takes no USING expression (column "${op.column}")`, "Drop using; convert the values with op.execute(UPDATE ...) before or after the type change.");
  if (op.viaCheck === true) ctx.notice?.(`MySQL/MariaDB sets NOT NULL on "${op.column}" in one ALTER (viaCheck is a PostgreSQL technique)`);
  const statements: Statement[] = [];
  const restate = op.type !== undefined || op.nullable !== undefined || op.comment !== undefined;
  if (restate) {
    const type = op.type === undefined ? undefined : columnTypeSql(op.type.to, (name) => ctx.enums.get(name), `column "${op.column}"`);
    statements.push(
      modifyColumn(op, op.column, {
        ...(type === undefined ? {} : { type }),
        ...(op.nullable === undefined ? {} : { nullable: op.nullable }),
        ...(op.default === undefined ? {} : { default: op.default }),
        ...(op.comment === undefined ? {} : { comment: op.comment }),
      }),
    );
  } else if (op.default !== undefined) {
    statements.push(alterTable(op, `ALTER COLUMN ${ident(op.column)} ${op.default === null ? "DROP DEFAULT" : `SET DEFAULT ${defaultSql(op.default)}`}`));
  }
  if (op.newName !== undefined) statements.push(alterTable(op, `RENAME COLUMN ${ident(op.column)} TO ${ident(op.newName)}`));
  return statements;
};

const bulkInsert = (op: OpOf<"bulkInsert">): Statement[] => {
  if (op.rows.length === 0) return [];
  const columns = insertColumns(op);
  const target = tableName(op);
  if (columns.length === 0) return op.rows.map(() => statement(`INSERT INTO ${target} () VALUES ()`));
  const head = `INSERT INTO ${target} (${columns.map(ident).join(", ")}) VALUES `;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const out: Statement[] = [];
  for (let start = 0; start < op.rows.length; start += perStatement) {
    const params: unknown[] = [];
    const tuples = op.rows.slice(start, start + perStatement).map((row) => {
      const cells = columns.map((column) => {
        if (!Object.hasOwn(row, column)) return "DEFAULT";
        params.push(bindValue(row[column]));
        return "?";
      });
      return `(${cells.join(", ")})`;
    });
    out.push(statement(head + tuples.join(", "), params));
  }
  return out;
};

/** sql`` fragments: identifiers in backticks, each value a `?` (bound after the op's own params). */
const fragmentSql = (op: OpOf<"execute">): Statement => {
  if (typeof op.sql === "string") return statement(op.sql, (op.params ?? []).map(bindValue));
  const text = op.sql.parts
    .map((part) => (part.kind === "text" ? part.text : part.kind === "identifier" ? part.parts.map((p) => ident(p)).join(".") : "?"))
    .join("");
  const order = op.sql.parts.flatMap((part) => (part.kind === "parameter" ? [part.index] : []));
  const params = op.params ?? [];
  return statement(text, order.map((index) => bindValue(params[index])));
};

const enumColumns = (ctx: MysqlCompileContext, columns: readonly { readonly table: string; readonly schema?: string; readonly column: string; readonly array?: boolean }[], values: readonly string[], op: Op): Statement[] =>
  columns.map((use) => {
    if (use.array === true) throw refuse(op, `column "${use.column}" is an array of the enum`, "Store the list as JSON instead.");
    return modifyColumn(use, use.column, { type: `ENUM(${values.map(str).join(", ")})` });
  });

const unsupported =
  (hint: string) =>
  (op: Op): Statement[] => {
    throw refuse(op, "MySQL/MariaDB has no such object (it is a PostgreSQL feature)", hint);
  };

const handlers = (ctx: MysqlCompileContext): OpHandlers<Statement[]> => ({
  // MySQL alters in place: the grouped changes run in order, as on PostgreSQL.
  batchAlterTable: (op) => op.ops.flatMap((inner) => compileMysqlOp(inner, ctx)),
  createTable: (op) => {
    const t = op.table;
    const lines = t.columns.map((c) => columnDefinition(ctx, op, c));
    if (t.primaryKey !== undefined) lines.push(`CONSTRAINT ${ident(t.primaryKey.name)} PRIMARY KEY ${columnList(t.primaryKey.columns)}`);
    // An AUTO_INCREMENT column must be a key; one outside the primary key gets a unique one.
    for (const c of t.columns)
      if ((c.identity !== undefined || isSerial(c)) && t.primaryKey?.columns[0] !== c.name && !t.uniques.some((u) => u.columns[0] === c.name))
        lines.push(`UNIQUE KEY ${ident(`${t.name}_${c.name}_key`.slice(0, 64))} (${ident(c.name)})`);
    lines.push(
      ...t.uniques.map((u) => uniqueClause(op, u)),
      ...t.checks.map(checkClause),
      ...t.foreignKeys.flatMap((fk) => [foreignKeyIndex(fk), foreignKeyClause(op, fk, t.schema)]),
    );
    const start = t.columns.find((c) => c.identity?.start !== undefined)?.identity?.start;
    const options = [
      ...(start === undefined ? [] : [`AUTO_INCREMENT=${start}`]),
      ...(t.comment === undefined ? [] : [`COMMENT=${str(t.comment)}`]),
    ];
    return [
      statement(`CREATE TABLE ${op.ifNotExists === true ? "IF NOT EXISTS " : ""}${qualified(t.name, t.schema)} (\n  ${lines.join(",\n  ")}\n)${options.length === 0 ? "" : ` ${options.join(" ")}`}`),
    ];
  },
  dropTable: (op) => [statement(`DROP TABLE ${op.ifExists === true ? "IF EXISTS " : ""}${tableName(op)}${op.cascade === true ? " CASCADE" : ""}`)],
  renameTable: (op) => [statement(`RENAME TABLE ${tableName(op)} TO ${qualified(op.newName, op.schema)}`)],
  // Unique constraints are indexes in MySQL; foreign keys and checks cannot be renamed.
  renameConstraint: (op) => [alterTable(op, `RENAME INDEX ${ident(op.name)} TO ${ident(op.newName)}`)],
  addColumn: (op) => [alterTable(op, `ADD COLUMN ${op.ifNotExists === true ? "IF NOT EXISTS " : ""}${columnDefinition(ctx, op, op.column)}`)],
  dropColumn: (op) => [alterTable(op, `DROP COLUMN ${op.ifExists === true ? "IF EXISTS " : ""}${ident(op.column)}`)],
  alterColumn: (op) => alterColumn(op, ctx),
  createIndex: (op) => [createIndexSql(op, ctx)],
  dropIndex: (op) => {
    if (op.previous === undefined)
      throw refuse(op, `MySQL drops an index by its table, and the operation does not say which table index "${op.name}" is on`, "Give previous: { table, index } (as autogenerate does), or use op.execute(\"DROP INDEX `name` ON `table`\").");
    if (op.concurrently === true) ctx.notice?.(`MySQL/MariaDB has no DROP INDEX CONCURRENTLY; dropping index "${op.name}" with a plain DROP INDEX`);
    return [statement(`DROP INDEX ${op.ifExists === true ? "IF EXISTS " : ""}${ident(op.name)} ON ${qualified(op.previous.table, op.schema)}`)];
  },
  createPrimaryKey: (op) => [alterTable(op, `ADD CONSTRAINT ${ident(op.primaryKey.name)} PRIMARY KEY ${columnList(op.primaryKey.columns)}`)],
  createForeignKey: (op) => {
    if (op.validate === "never") throw refuse(op, `MySQL checks a foreign key's existing rows when it is added (NOT VALID does not exist) ("${op.foreignKey.name}")`, "Leave validate out, or fix the rows first.");
    if (op.validate === "separately") ctx.notice?.(`MySQL/MariaDB validates foreign key "${op.foreignKey.name}" as it is added (there is no VALIDATE CONSTRAINT)`);
    return [alterTable(op, `ADD ${foreignKeyIndex(op.foreignKey)}, ADD ${foreignKeyClause(op, op.foreignKey, op.schema)}`)];
  },
  createUniqueConstraint: (op) => {
    if (op.concurrently === true) ctx.notice?.(`MySQL/MariaDB builds unique constraint "${op.unique.name}" online without CONCURRENTLY`);
    return [alterTable(op, `ADD ${uniqueClause(op, op.unique)}`)];
  },
  createCheckConstraint: (op) => {
    if (op.validate === "never") throw refuse(op, `MySQL checks a constraint's existing rows when it is added (NOT VALID does not exist) ("${op.check.name}")`, "Leave validate out, or fix the rows first.");
    if (op.validate === "separately") ctx.notice?.(`MySQL/MariaDB validates check "${op.check.name}" as it is added (there is no VALIDATE CONSTRAINT)`);
    return [alterTable(op, `ADD ${checkClause(op.check)}`)];
  },
  dropConstraint: (op) => {
    const type = op.type ?? op.previous?.type;
    const ifExists = op.ifExists === true ? "IF EXISTS " : "";
    switch (type) {
      case "primaryKey":
        return [alterTable(op, "DROP PRIMARY KEY")];
      case "foreignKey":
        return [alterTable(op, `DROP FOREIGN KEY ${ifExists}${ident(op.name)}, DROP INDEX IF EXISTS ${ident(op.name)}`)];
      case "unique":
        return [alterTable(op, `DROP INDEX ${ifExists}${ident(op.name)}`)];
      default:
        // MariaDB's DROP CONSTRAINT finds checks (and, from 10.4, unique keys) by name.
        return [alterTable(op, `DROP CONSTRAINT ${ifExists}${ident(op.name)}`)];
    }
  },
  // No enum types: the values are remembered for the columns that use them.
  createEnum: (op) => {
    ctx.enums.set(op.enum.name, op.enum.values);
    return [];
  },
  dropEnum: (op) => {
    ctx.enums.delete(op.name);
    return [];
  },
  addEnumValue: (op) => {
    if (op.previous === undefined)
      throw refuse(op, `MySQL writes an enum's values into each column, and the operation does not say which columns use "${op.name}"`, "Give previous: { values, columns } (as autogenerate does).");
    const values = [...op.previous.values];
    if (values.includes(op.value)) return [];
    const anchor = op.before ?? op.after;
    const at = anchor === undefined ? values.length : values.indexOf(anchor) + (op.after !== undefined ? 1 : 0);
    values.splice(at < 0 ? values.length : at, 0, op.value);
    ctx.enums.set(op.name, values);
    return enumColumns(ctx, op.previous.columns, values, op);
  },
  renameEnumValue: (op) => {
    throw refuse(op, `MySQL cannot rename an enum value in place ("${op.from}" of "${op.name}")`, "Add the new value, UPDATE the rows with op.execute, then recreate the enum without the old value.");
  },
  recreateEnum: (op) => {
    ctx.enums.set(op.name, op.values);
    return enumColumns(ctx, op.columns, op.values, op);
  },
  setTableComment: (op) => [alterTable(op, `COMMENT = ${str(op.comment ?? "")}`)],
  setColumnComment: (op) => [modifyColumn(op, op.column, { comment: op.comment })],
  bulkInsert,
  execute: (op) => [fragmentSql(op)],
  createFunction: unsupported("Write the routine for MySQL with op.execute(\"CREATE FUNCTION ...\")."),
  dropFunction: unsupported("Use op.execute(\"DROP FUNCTION ...\")."),
  createTrigger: unsupported("Write the trigger for MySQL with op.execute(\"CREATE TRIGGER ...\")."),
  dropTrigger: (op) => [statement(`DROP TRIGGER ${op.ifExists === true ? "IF EXISTS " : ""}${qualified(op.name, op.schema)}`)],
  createView: (op) => {
    const v = op.view;
    if (v.materialized === true) throw refuse(op, `view "${v.name}" is materialized, and MySQL has no materialized views`, "Use a plain view, or a table filled by op.execute.");
    if (v.securityBarrier === true) throw refuse(op, `view "${v.name}" is a security barrier`, "Leave securityBarrier out.");
    const check = v.checkOption === undefined ? "" : `\nWITH ${v.checkOption.toUpperCase()} CHECK OPTION`;
    return [
      ...(op.dropFirst === true ? [statement(`DROP VIEW ${qualified(v.name, v.schema)}`)] : []),
      statement(`CREATE ${op.orReplace === true && op.dropFirst !== true ? "OR REPLACE " : ""}VIEW ${qualified(v.name, v.schema)} AS\n${expression(v.query, `the query of view "${v.name}"`)}${check}`),
    ];
  },
  dropView: (op) => {
    if (op.materialized === true) throw refuse(op, "MySQL has no materialized views", "Drop a plain view.");
    return [statement(`DROP VIEW ${op.ifExists === true ? "IF EXISTS " : ""}${qualified(op.name, op.schema)}`)];
  },
  // A MySQL schema is a database.
  createSchema: (op) => [statement(`CREATE DATABASE ${op.ifNotExists === true ? "IF NOT EXISTS " : ""}${ident(op.name)}`)],
  dropSchema: (op) => [statement(`DROP DATABASE ${op.ifExists === true ? "IF EXISTS " : ""}${ident(op.name)}`)],
  createExtension: unsupported("Leave extensions to PostgreSQL migrations."),
  dropExtension: unsupported("Leave extensions to PostgreSQL migrations."),
  createSequence: unsupported("Use an AUTO_INCREMENT column (t.serial() or .identity())."),
  alterSequence: unsupported("Use an AUTO_INCREMENT column (t.serial() or .identity())."),
  dropSequence: unsupported("Use an AUTO_INCREMENT column (t.serial() or .identity())."),
  createPolicy: unsupported("MySQL has no row-level security; check access in the application or in views."),
  dropPolicy: unsupported("MySQL has no row-level security."),
  setRowLevelSecurity: unsupported("MySQL has no row-level security."),
});

/** The statements that carry out one operation. Throws before producing any. */
export const compileMysqlOp = (op: Op, ctx: MysqlCompileContext): Statement[] => {
  const handler = (handlers(ctx) as unknown as Record<string, ((op: Op) => Statement[]) | undefined>)[op.kind];
  if (handler === undefined)
    throw invalid(`unknown operation kind ${JSON.stringify((op as { kind?: unknown }).kind)}`, "Build operations with the op facade or the ops/ constructors.");
  return handler(op).map((compiled) => (compiled.sql.includes(OWN_DATABASE) ? ownDatabaseDdl(compiled.sql) : compiled));
};
