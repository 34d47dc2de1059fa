// PostgreSQL statements for the schema objects beside tables: extensions, sequences,
// row-level security and its policies, plus the routine and view clauses compile.ts
// appends to CREATE FUNCTION and CREATE VIEW. Same doors as compile.ts: identifiers
// through quote.ts, text values as escaped literals (DDL takes no parameters).
import type { FunctionDefinition, Policy, Sequence, ViewDefinition } from "../../schema/objects.js";
import type { CreateIndex, OpHandlers, Statement } from "../../ops/types.js";
import { ident, invalid, qualified, str } from "./guarded-quote.js";
import { sqlTextOf } from "./fragment.js";
import type { SqlText } from "../../schema/types.js";

type ObjectKind =
  | "createExtension"
  | "dropExtension"
  | "createSequence"
  | "alterSequence"
  | "dropSequence"
  | "createPolicy"
  | "dropPolicy"
  | "setRowLevelSecurity";

const statement = (sql: string): Statement => ({ sql, params: [] });

const condition = (value: SqlText, what: string): string => {
  const text = sqlTextOf(value);
  if (text.trim().length === 0) throw invalid(`${what} is empty`, "Give the SQL expression.");
  return text;
};

const integer = (n: number, what: string): string => {
  if (!Number.isSafeInteger(n)) throw invalid(`${what} ${n} is not an integer`, "Sequence options take integers.");
  return String(n);
};

const oneOf = <T extends string>(value: T, allowed: readonly T[], what: string): T => {
  if (!allowed.includes(value)) throw invalid(`${what} ${JSON.stringify(value)} is not valid`, `Use one of ${allowed.join(", ")}.`);
  return value;
};

/** STRICT and PARALLEL, which CREATE FUNCTION takes after SECURITY. */
export const routineClauses = (fn: FunctionDefinition): string[] => {
  const clauses: string[] = [];
  if (fn.strict === true) clauses.push("STRICT");
  if (fn.parallel !== undefined) clauses.push(`PARALLEL ${oneOf(fn.parallel, ["safe", "restricted", "unsafe"], "parallel").toUpperCase()}`);
  return clauses;
};

/** WITH (...) after the view's name and the trailing WITH CHECK OPTION / WITH NO DATA. */
export const viewClauses = (v: ViewDefinition): { options: string; suffix: string } => {
  const options: string[] = [];
  if (v.securityBarrier === true) {
    if (v.materialized === true) throw invalid(`materialized view "${v.name}" cannot be a security barrier`, "Only plain views take securityBarrier.");
    options.push("security_barrier = true");
  }
  let suffix = "";
  if (v.checkOption !== undefined) {
    if (v.materialized === true) throw invalid(`materialized view "${v.name}" cannot have a check option`, "Only plain views take checkOption.");
    suffix = `\nWITH ${oneOf(v.checkOption, ["local", "cascaded"], "check option").toUpperCase()} CHECK OPTION`;
  }
  if (v.withData === false) {
    if (v.materialized !== true) throw invalid(`view "${v.name}" is not materialized and cannot be created WITH NO DATA`, "Set materialized: true, or leave withData out.");
    suffix = "\nWITH NO DATA";
  }
  return { options: options.length === 0 ? "" : ` WITH (${options.join(", ")})`, suffix };
};

/** The indexes a createView of a materialized view carries, as createIndex ops. */
export const viewIndexes = (v: ViewDefinition): CreateIndex[] => {
  if (v.indexes === undefined || v.indexes.length === 0) return [];
  if (v.materialized !== true) throw invalid(`view "${v.name}" has indexes but is not materialized`, "Only materialized views can be indexed.");
  return v.indexes.map((index) => ({ kind: "createIndex", table: v.name, ...(v.schema === undefined ? {} : { schema: v.schema }), index }));
};

const SEQUENCE_TYPES = ["smallint", "integer", "bigint"] as const;

// ALTER SEQUENCE leaves out what it is not told, so altering spells out every option,
// defaults included: an option the model dropped goes back to PostgreSQL's default.
const sequenceOptions = (s: Sequence, altering: boolean): string => {
  const parts: string[] = [];
  const type = s.type ?? (altering ? "bigint" : undefined);
  if (type !== undefined) parts.push(`AS ${oneOf(type, SEQUENCE_TYPES, "sequence type")}`);
  if (s.increment !== undefined) parts.push(`INCREMENT BY ${integer(s.increment, "increment")}`);
  if (s.min !== undefined) parts.push(`MINVALUE ${integer(s.min, "min")}`);
  else if (altering) parts.push("NO MINVALUE");
  if (s.max !== undefined) parts.push(`MAXVALUE ${integer(s.max, "max")}`);
  else if (altering) parts.push("NO MAXVALUE");
  const ascending = (s.increment ?? 1) > 0;
  const start = s.start ?? (altering ? (ascending ? (s.min ?? 1) : (s.max ?? -1)) : undefined);
  if (start !== undefined) parts.push(`START WITH ${integer(start, "start")}`);
  const cache = s.cache ?? (altering ? 1 : undefined);
  if (cache !== undefined) parts.push(`CACHE ${integer(cache, "cache")}`);
  if (s.cycle === true) parts.push("CYCLE");
  else if (altering) parts.push("NO CYCLE");
  return parts.length === 0 ? "" : ` ${parts.join(" ")}`;
};

const ownedBy = (s: Sequence): string =>
  s.ownedBy === undefined ? "NONE" : `${qualified(s.ownedBy.table, s.schema)}.${ident(s.ownedBy.column)}`;

// PUBLIC and the session-dependent role names are key words, not role names.
const ROLE_KEYWORDS = new Set(["public", "current_user", "session_user", "current_role"]);
const role = (name: string): string => (ROLE_KEYWORDS.has(name.toLowerCase()) ? name.toUpperCase() : ident(name));

const POLICY_COMMANDS = ["all", "select", "insert", "update", "delete"] as const;

const createPolicySql = (p: Policy): string => {
  const parts = [`CREATE POLICY ${ident(p.name)} ON ${qualified(p.table, p.schema)}`];
  if (p.permissive === false) parts.push("AS RESTRICTIVE");
  if (p.for !== undefined) parts.push(`FOR ${oneOf(p.for, POLICY_COMMANDS, "policy command").toUpperCase()}`);
  if (p.to !== undefined) {
    if (p.to.length === 0) throw invalid(`policy "${p.name}" names no roles`, "Leave `to` out for PUBLIC, or list the roles.");
    parts.push(`TO ${p.to.map(role).join(", ")}`);
  }
  if (p.using !== undefined) parts.push(`USING (${condition(p.using, `the USING expression of policy "${p.name}"`)})`);
  if (p.withCheck !== undefined) parts.push(`WITH CHECK (${condition(p.withCheck, `the WITH CHECK expression of policy "${p.name}"`)})`);
  return parts.join("\n");
};

type Handlers = Pick<OpHandlers<Statement[]>, ObjectKind>;

export const objectHandlers: Handlers = {
  createExtension: (op) => {
    const e = op.extension;
    const schema = e.schema === undefined ? "" : ` SCHEMA ${ident(e.schema)}`;
    const version = e.version === undefined ? "" : ` VERSION ${str(e.version)}`;
    return [statement(`CREATE EXTENSION ${op.ifNotExists === true ? "IF NOT EXISTS " : ""}${ident(e.name)}${schema}${version}`)];
  },
  dropExtension: (op) => [statement(`DROP EXTENSION ${op.ifExists === true ? "IF EXISTS " : ""}${ident(op.name)}`)],
  createSequence: (op) => {
    const s = op.sequence;
    const statements = [statement(`CREATE SEQUENCE ${qualified(s.name, s.schema)}${sequenceOptions(s, false)}`)];
    if (s.ownedBy !== undefined) statements.push(statement(`ALTER SEQUENCE ${qualified(s.name, s.schema)} OWNED BY ${ownedBy(s)}`));
    return statements;
  },
  alterSequence: (op) => {
    const s = op.sequence;
    return [statement(`ALTER SEQUENCE ${qualified(s.name, s.schema)}${sequenceOptions(s, true)} OWNED BY ${ownedBy(s)}`)];
  },
  dropSequence: (op) => [statement(`DROP SEQUENCE ${op.ifExists === true ? "IF EXISTS " : ""}${qualified(op.name, op.schema)}`)],
  createPolicy: (op) => [statement(createPolicySql(op.policy))],
  dropPolicy: (op) => [statement(`DROP POLICY ${op.ifExists === true ? "IF EXISTS " : ""}${ident(op.name)} ON ${qualified(op.table, op.schema)}`)],
  setRowLevelSecurity: (op) => {
    const actions: string[] = [];
    if (op.enabled !== undefined) actions.push(`${op.enabled ? "ENABLE" : "DISABLE"} ROW LEVEL SECURITY`);
    if (op.forced !== undefined) actions.push(`${op.forced ? "" : "NO "}FORCE ROW LEVEL SECURITY`);
    if (actions.length === 0)
      throw invalid(`setRowLevelSecurity on "${op.table}" changes nothing`, "Set enabled, forced, or both.");
    return [statement(`ALTER TABLE ${qualified(op.table, op.schema)} ${actions.join(", ")}`)];
  },
};
