// Raw SQL (the text given to op.execute) as Changes, from PostgreSQL's own parse tree.
// Statements the linter has no rule about become nothing; a text the parser refuses
// becomes one `unparseable` change, so a typo is a finding and never a crash.
import type {
  AlterTableCmd,
  AlterTableStmt,
  ColumnDef,
  Constraint,
  CreateEnumStmt,
  CreateStmt,
  DropStmt,
  IndexStmt,
  Node,
  RangeVar,
  RenameStmt,
  TransactionStmt,
  TruncateStmt,
  TypeName,
  VariableSetStmt,
} from "libpg-query";
import { notNullCheckColumn, relationsIn, volatileCall } from "./expressions.js";
import { parseSql, writtenIdentifiers } from "./parser.js";
import type { Change, ColumnFact, ConstraintKind, Rel, TypeFact } from "./types.js";

export interface SqlStatementChanges {
  /** The statement's text, trimmed. */
  readonly sql: string;
  readonly changes: readonly Change[];
}

const relOf = (range: RangeVar | undefined): Rel => ({
  ...(range?.schemaname === undefined ? {} : { schema: range.schemaname }),
  name: range?.relname ?? "",
});

const strings = (nodes: readonly Node[] | undefined): string[] =>
  (nodes ?? []).flatMap((node) => {
    const value = (node as { String?: { sval?: string } }).String?.sval;
    return value === undefined ? [] : [value];
  });

/** A qualified name given as a list of String nodes (types, or DROP's objects). */
const relOfNames = (nodes: readonly Node[] | undefined): Rel => {
  const names = strings(nodes);
  const name = names[names.length - 1] ?? "";
  return names.length > 1 ? { schema: names[names.length - 2] as string, name } : { name };
};

const intOf = (node: Node | undefined): number | undefined => {
  const constant = (node as { A_Const?: { ival?: { ival?: number } } } | undefined)?.A_Const;
  if (constant === undefined) return undefined;
  return constant.ival?.ival ?? 0;
};

const typeOf = (type: TypeName | undefined): TypeFact => {
  const names = strings(type?.names);
  const name = names[names.length - 1] ?? "";
  const [first, second] = type?.typmods ?? [];
  const length = intOf(first);
  const scale = intOf(second);
  return { name, ...(length === undefined ? {} : { length }), ...(scale === undefined ? {} : { scale }) };
};

const constraintsOf = (def: ColumnDef): Constraint[] =>
  (def.constraints ?? []).flatMap((node) => {
    const constraint = (node as { Constraint?: Constraint }).Constraint;
    return constraint === undefined ? [] : [constraint];
  });

const columnOf = (def: ColumnDef): ColumnFact => {
  const constraints = constraintsOf(def);
  const has = (type: string): boolean => constraints.some((c) => c.contype === type);
  const defaultExpr = constraints.find((c) => c.contype === "CONSTR_DEFAULT")?.raw_expr ?? def.raw_default;
  const generated = constraints.find((c) => c.contype === "CONSTR_GENERATED");
  const volatile = defaultExpr === undefined ? undefined : volatileCall(defaultExpr);
  return {
    name: def.colname ?? "",
    type: typeOf(def.typeName),
    notNull: has("CONSTR_NOTNULL") || has("CONSTR_PRIMARY") || def.is_not_null === true,
    ...(defaultExpr === undefined ? {} : { default: { text: volatile === undefined ? "a constant" : `${volatile}()`, volatile: volatile !== undefined } }),
    // PostgreSQL 18 adds VIRTUAL generated columns, which store nothing and rewrite nothing.
    generatedStored: generated !== undefined && generated.generated_kind !== "v",
    identity: has("CONSTR_IDENTITY"),
    primaryKey: has("CONSTR_PRIMARY"),
    references: has("CONSTR_FOREIGN"),
    unique: has("CONSTR_UNIQUE"),
  };
};

const CONSTRAINT_KINDS: Readonly<Record<string, ConstraintKind>> = {
  CONSTR_FOREIGN: "foreignKey",
  CONSTR_CHECK: "check",
  CONSTR_UNIQUE: "unique",
  CONSTR_PRIMARY: "primaryKey",
};

const addConstraint = (table: Rel, constraint: Constraint): Change[] => {
  const kind = constraint.contype === undefined ? undefined : CONSTRAINT_KINDS[constraint.contype];
  if (kind === undefined) return [{ kind: "lockTable", table, what: "adds a constraint to" }];
  const notNullColumn = kind === "check" ? notNullCheckColumn(constraint.raw_expr) : undefined;
  return [
    {
      kind: "addConstraint",
      table,
      ...(constraint.conname === undefined ? {} : { name: constraint.conname }),
      constraint: kind,
      notValid: constraint.skip_validation === true,
      usingIndex: constraint.indexname !== undefined,
      ...(notNullColumn === undefined ? {} : { notNullColumn }),
    },
  ];
};

const alterCommand = (table: Rel, cmd: AlterTableCmd): Change[] => {
  const def = cmd.def as { ColumnDef?: ColumnDef; Constraint?: Constraint } | undefined;
  switch (cmd.subtype) {
    case "AT_AddColumn": {
      if (def?.ColumnDef === undefined) return [];
      const column = columnOf(def.ColumnDef);
      return [{ kind: "addColumn", table, column }];
    }
    case "AT_AlterColumnType":
      return [{ kind: "alterType", table, column: cmd.name ?? "", to: typeOf(def?.ColumnDef?.typeName) }];
    case "AT_SetNotNull":
      return [{ kind: "setNotNull", table, column: cmd.name ?? "" }];
    case "AT_AddConstraint":
      return def?.Constraint === undefined ? [] : addConstraint(table, def.Constraint);
    case "AT_ValidateConstraint":
      return [{ kind: "validateConstraint", table, name: cmd.name ?? "" }];
    case "AT_DropColumn":
      return [{ kind: "dropColumn", table, column: cmd.name ?? "" }];
    case "AT_EnableRowSecurity":
      return [{ kind: "lockTable", table, what: "alters" }, { kind: "enableRowLevelSecurity", table }];
    default:
      return [{ kind: "lockTable", table, what: "alters" }];
  }
};

const createTable = (stmt: CreateStmt): Change[] => {
  const table = relOf(stmt.relation);
  const columns = (stmt.tableElts ?? []).flatMap((node) => {
    const def = (node as { ColumnDef?: ColumnDef }).ColumnDef;
    return def === undefined ? [] : [columnOf(def)];
  });
  const tablePk = (stmt.tableElts ?? [])
    .map((node) => (node as { Constraint?: Constraint }).Constraint)
    .find((c) => c?.contype === "CONSTR_PRIMARY");
  const primaryKey = tablePk !== undefined ? strings(tablePk.keys) : columns.filter((c) => c.primaryKey).map((c) => c.name);
  return [{ kind: "createTable", table, columns, primaryKey }];
};

const DROPPED_TABLES = new Set(["OBJECT_TABLE"]);

const drop = (stmt: DropStmt): Change[] => {
  const objects = stmt.objects ?? [];
  if (stmt.removeType === "OBJECT_INDEX") {
    return objects.map((object) => ({
      kind: "dropIndex",
      name: relOfNames((object as { List?: { items?: Node[] } }).List?.items).name,
      concurrent: stmt.concurrent === true,
    }));
  }
  if (stmt.removeType !== undefined && DROPPED_TABLES.has(stmt.removeType)) {
    return objects.map((object) => ({ kind: "dropTable", table: relOfNames((object as { List?: { items?: Node[] } }).List?.items) }));
  }
  if (stmt.removeType === "OBJECT_FUNCTION" || stmt.removeType === "OBJECT_PROCEDURE") {
    return objects.map((object) => ({
      kind: "replaceFunction",
      name: relOfNames((object as { ObjectWithArgs?: { objname?: Node[] } }).ObjectWithArgs?.objname),
      drop: true,
    }));
  }
  if (stmt.removeType === "OBJECT_VIEW" || stmt.removeType === "OBJECT_MATVIEW") {
    return objects.map((object) => ({ kind: "dropView", name: relOfNames((object as { List?: { items?: Node[] } }).List?.items) }));
  }
  if (stmt.removeType === "OBJECT_TRIGGER") {
    return objects.flatMap((object): Change[] => {
      // schema, table, trigger: the last name is the trigger's.
      const items = (object as { List?: { items?: Node[] } }).List?.items ?? [];
      return [{ kind: "dropTrigger", table: relOfNames(items.slice(0, -1)), name: strings(items.slice(-1))[0] ?? "" }];
    });
  }
  if (stmt.removeType === "OBJECT_TYPE") {
    return objects.map((object) => ({
      kind: "dropEnum",
      name: relOfNames((object as { TypeName?: TypeName }).TypeName?.names),
    }));
  }
  return [];
};

const rename = (stmt: RenameStmt): Change[] => {
  const newName = stmt.newname ?? "";
  switch (stmt.renameType) {
    case "OBJECT_TABLE":
      return [{ kind: "renameTable", table: relOf(stmt.relation), to: newName }];
    case "OBJECT_COLUMN":
      return [{ kind: "renameColumn", table: relOf(stmt.relation), column: stmt.subname ?? "", to: newName }];
    case "OBJECT_TYPE":
      return [{ kind: "renameType", name: relOfNames((stmt.object as { List?: { items?: Node[] } } | undefined)?.List?.items), to: newName }];
    default:
      return [];
  }
};

const TIMEOUTS = new Set(["lock_timeout", "statement_timeout"]);

const statementChanges = (node: Node): Change[] => {
  const n = node as Record<string, unknown>;
  if (n.CreateStmt !== undefined) return createTable(n.CreateStmt as CreateStmt);
  if (n.AlterTableStmt !== undefined) {
    const stmt = n.AlterTableStmt as AlterTableStmt;
    if (stmt.objtype !== undefined && stmt.objtype !== "OBJECT_TABLE") return [];
    const table = relOf(stmt.relation);
    return (stmt.cmds ?? []).flatMap((cmd) => {
      const command = (cmd as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
      return command === undefined ? [] : alterCommand(table, command);
    });
  }
  if (n.IndexStmt !== undefined) {
    const stmt = n.IndexStmt as IndexStmt;
    return [
      {
        kind: "createIndex",
        table: relOf(stmt.relation),
        ...(stmt.idxname === undefined ? {} : { name: stmt.idxname }),
        concurrent: stmt.concurrent === true,
        unique: stmt.unique === true,
      },
    ];
  }
  if (n.DropStmt !== undefined) return drop(n.DropStmt as DropStmt);
  if (n.RenameStmt !== undefined) return rename(n.RenameStmt as RenameStmt);
  if (n.TruncateStmt !== undefined) {
    const stmt = n.TruncateStmt as TruncateStmt;
    const tables = (stmt.relations ?? []).map((r) => relOf((r as { RangeVar?: RangeVar }).RangeVar));
    return [{ kind: "truncate", tables, cascade: stmt.behavior === "DROP_CASCADE" }];
  }
  if (n.VariableSetStmt !== undefined) {
    const stmt = n.VariableSetStmt as VariableSetStmt;
    const name = stmt.name ?? "";
    return stmt.kind === "VAR_SET_VALUE" && TIMEOUTS.has(name) ? [{ kind: "setTimeout", setting: name as "lock_timeout" | "statement_timeout" }] : [];
  }
  if (n.TransactionStmt !== undefined) {
    const kind = (n.TransactionStmt as TransactionStmt).kind ?? "";
    return [{ kind: "transactionControl", statement: kind.replace(/^TRANS_STMT_/, "") }];
  }
  if (n.CreateFunctionStmt !== undefined) {
    const stmt = n.CreateFunctionStmt as { replace?: boolean; funcname?: Node[] };
    return stmt.replace === true ? [{ kind: "replaceFunction", name: relOfNames(stmt.funcname), drop: false }] : [];
  }
  if (n.CreateTrigStmt !== undefined) {
    const stmt = n.CreateTrigStmt as { trigname?: string; relation?: RangeVar; funcname?: Node[] };
    const table = relOf(stmt.relation);
    return [{ kind: "createTrigger", table, name: stmt.trigname ?? "", function: relOfNames(stmt.funcname) }];
  }
  if (n.ViewStmt !== undefined) {
    const stmt = n.ViewStmt as { view?: RangeVar; query?: Node };
    return [{ kind: "createView", name: relOf(stmt.view), reads: relationsIn(stmt.query) }];
  }
  if (n.CreatePolicyStmt !== undefined) {
    const stmt = n.CreatePolicyStmt as { policy_name?: string; table?: RangeVar };
    return [{ kind: "createPolicy", table: relOf(stmt.table), name: stmt.policy_name ?? "" }];
  }
  if (n.CreateEnumStmt !== undefined) return [{ kind: "createEnum", name: relOfNames((n.CreateEnumStmt as CreateEnumStmt).typeName) }];
  return [];
};

const NAMED_TOO_LONG = 63;

/** Every statement of an op.execute text with the changes it makes. */
export const changesOfSql = (sql: string): SqlStatementChanges[] | { readonly unparseable: string } => {
  const parsed = parseSql(sql);
  if (!parsed.ok) return { unparseable: parsed.message };
  return parsed.statements.map((statement) => {
    const changes = statementChanges(statement.node);
    const longNames = writtenIdentifiers(statement.text)
      .filter((name) => Buffer.byteLength(name, "utf8") > NAMED_TOO_LONG)
      .map((name): Change => ({ kind: "name", name, what: "identifier" }));
    return { sql: statement.text, changes: [...changes, ...longNames] };
  });
};
