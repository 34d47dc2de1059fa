// Migration calls for functions, triggers, views, extensions, sequences, policies and
// row-level security: readable TypeScript, bodies and queries as template literals.
import type { Index, SqlText } from "../schema/types.js";
import type { FunctionDefinition, Policy, Sequence, TriggerDefinition, ViewDefinition } from "../schema/objects.js";
import type { OpHandlers } from "../ops/types.js";
import { objectText, sqlTag, str, templateBody } from "./render-values.js";

type Kind =
  | "createFunction"
  | "dropFunction"
  | "createTrigger"
  | "dropTrigger"
  | "createView"
  | "dropView"
  | "createExtension"
  | "dropExtension"
  | "createSequence"
  | "alterSequence"
  | "dropSequence"
  | "createPolicy"
  | "dropPolicy"
  | "setRowLevelSecurity";

/** A template literal holding `text` exactly. */
export const template = (value: SqlText): string => (typeof value === "string" ? `\`${templateBody(value)}\`` : sqlTag(value));

const schemaOption = (schema: string | undefined): [string, string | undefined] => ["schema", schema === undefined ? undefined : str(schema)];
const list = (items: readonly string[]): string => `[${items.map(str).join(", ")}]`;
const withOptions = (args: string[], options: string): string => (options === "{}" ? args.join(", ") : [...args, options].join(", "));

const argumentText = (a: FunctionDefinition["args"][number]): string =>
  a.name === undefined && a.mode === undefined && a.default === undefined
    ? str(a.type)
    : objectText([
        ["name", a.name === undefined ? undefined : str(a.name)],
        ["type", str(a.type)],
        ["mode", a.mode === undefined ? undefined : str(a.mode)],
        ["default", a.default === undefined ? undefined : str(a.default)],
      ]);

/** The option fields of a function, shared by op.createFunction and the fn() model. */
export const functionFields = (fn: FunctionDefinition, withName: boolean): [string, string | undefined][] => [
  ["name", withName ? str(fn.name) : undefined],
  schemaOption(fn.schema),
  ["args", fn.args.length === 0 ? (withName ? "[]" : undefined) : `[${fn.args.map(argumentText).join(", ")}]`],
  ["returns", fn.procedure === true ? undefined : str(fn.returns)],
  ["language", str(fn.language)],
  ["volatility", fn.volatility === undefined ? undefined : str(fn.volatility)],
  ["security", fn.security === undefined ? undefined : str(fn.security)],
  ["strict", fn.strict === true ? "true" : undefined],
  ["parallel", fn.parallel === undefined ? undefined : str(fn.parallel)],
  ["procedure", withName && fn.procedure === true ? "true" : undefined],
  ["body", template(fn.body)],
];

/** `{\n  a: 1,\n  b: 2,\n}`: one field per line, for definitions with bodies. */
export const blockObject = (entries: readonly (readonly [string, string | undefined])[]): string => {
  const lines = entries.filter((e): e is readonly [string, string] => e[1] !== undefined).map(([k, v]) => `  ${k}: ${v},`);
  return `{\n${lines.join("\n")}\n}`;
};

export const triggerFields = (t: TriggerDefinition): [string, string | undefined][] => [
  ["timing", str(t.timing)],
  ["events", list(t.events)],
  ["updateOf", t.updateOf === undefined || t.updateOf.length === 0 ? undefined : list(t.updateOf)],
  ["forEach", str(t.forEach)],
  ["when", t.when === undefined ? undefined : sqlTag(t.when)],
  ["args", t.args === undefined || t.args.length === 0 ? undefined : list(t.args)],
];

export const viewFields = (v: ViewDefinition): [string, string | undefined][] => [
  ["materialized", v.materialized === true ? "true" : undefined],
  ["withData", v.withData === false ? "false" : undefined],
  ["checkOption", v.checkOption === undefined ? undefined : str(v.checkOption)],
  ["securityBarrier", v.securityBarrier === true ? "true" : undefined],
  schemaOption(v.schema),
];

export const sequenceFields = (s: Sequence): [string, string | undefined][] => [
  ["type", s.type === undefined ? undefined : str(s.type)],
  ["start", s.start === undefined ? undefined : String(s.start)],
  ["increment", s.increment === undefined ? undefined : String(s.increment)],
  ["min", s.min === undefined ? undefined : String(s.min)],
  ["max", s.max === undefined ? undefined : String(s.max)],
  ["cache", s.cache === undefined ? undefined : String(s.cache)],
  ["cycle", s.cycle === true ? "true" : undefined],
  ["ownedBy", s.ownedBy === undefined ? undefined : objectText([["table", str(s.ownedBy.table)], ["column", str(s.ownedBy.column)]])],
  schemaOption(s.schema),
];

export const policyFields = (p: Policy): [string, string | undefined][] => [
  ["for", p.for === undefined ? undefined : str(p.for)],
  ["to", p.to === undefined ? undefined : list(p.to)],
  ["using", p.using === undefined ? undefined : sqlTag(p.using)],
  ["withCheck", p.withCheck === undefined ? undefined : sqlTag(p.withCheck)],
  ["permissive", p.permissive === false ? "false" : undefined],
];

const indexCall = (view: ViewDefinition, index: Index): string => {
  const columns = index.elements.map((e) => (e.kind === "expression" ? sqlTag(e.sql) : e.order === undefined && e.nulls === undefined && e.opclass === undefined ? str(e.name) : objectText([["column", str(e.name)], ["order", e.order === undefined ? undefined : str(e.order)], ["nulls", e.nulls === undefined ? undefined : str(e.nulls)], ["opclass", e.opclass === undefined ? undefined : str(e.opclass)]])));
  const options = objectText([
    ["unique", index.unique ? "true" : undefined],
    ["using", index.method === undefined || index.method === "btree" ? undefined : str(index.method)],
    ["where", index.where === undefined ? undefined : sqlTag(index.where)],
    schemaOption(view.schema),
  ]);
  return `;\nawait op.createIndex(${withOptions([str(index.name), str(view.name), `[${columns.join(", ")}]`], options)})`;
};

export const objectRenderers: Pick<OpHandlers<string>, Kind> = {
  createFunction: (op) =>
    `op.createFunction(${blockObject([...functionFields(op.function, true), ["orReplace", op.orReplace === true ? "true" : undefined]])})`,
  dropFunction: (op) =>
    `op.dropFunction(${withOptions([str(op.name)], objectText([["argTypes", op.argTypes === undefined ? undefined : list(op.argTypes)], ["procedure", op.procedure === true ? "true" : undefined], schemaOption(op.schema)]))})`,
  createTrigger: (op) => {
    const t = op.trigger;
    const fn = t.function.schema === undefined ? str(t.function.name) : objectText([["schema", str(t.function.schema)], ["name", str(t.function.name)]]);
    return `op.createTrigger(${objectText([["name", str(t.name)], ["table", str(t.table)], schemaOption(t.schema), ...triggerFields(t), ["function", fn], ["orReplace", op.orReplace === true ? "true" : undefined]])})`;
  },
  dropTrigger: (op) => `op.dropTrigger(${withOptions([str(op.name), str(op.table)], objectText([schemaOption(op.schema)]))})`,
  createView: (op) =>
    `op.createView(${withOptions([str(op.view.name), sqlTag(op.view.query)], objectText([...viewFields(op.view), ["orReplace", op.orReplace === true ? "true" : undefined], ["dropFirst", op.dropFirst === true ? "true" : undefined]]))})${(op.view.indexes ?? []).map((i) => indexCall(op.view, i)).join("")}`,
  dropView: (op) => `op.dropView(${withOptions([str(op.name)], objectText([["materialized", op.materialized === true ? "true" : undefined], schemaOption(op.schema)]))})`,
  createExtension: (op) =>
    `op.createExtension(${withOptions([str(op.extension.name)], objectText([schemaOption(op.extension.schema), ["version", op.extension.version === undefined ? undefined : str(op.extension.version)]]))})`,
  dropExtension: (op) => `op.dropExtension(${str(op.name)})`,
  createSequence: (op) => `op.createSequence(${withOptions([str(op.sequence.name)], objectText(sequenceFields(op.sequence)))})`,
  alterSequence: (op) => `op.alterSequence(${str(op.sequence.name)}, ${objectText(sequenceFields(op.sequence))})`,
  dropSequence: (op) => `op.dropSequence(${withOptions([str(op.name)], objectText([schemaOption(op.schema)]))})`,
  createPolicy: (op) => `op.createPolicy(${withOptions([str(op.policy.name), str(op.policy.table)], objectText([...policyFields(op.policy), schemaOption(op.policy.schema)]))})`,
  dropPolicy: (op) => `op.dropPolicy(${withOptions([str(op.name), str(op.table)], objectText([schemaOption(op.schema)]))})`,
  setRowLevelSecurity: (op) =>
    `op.setRowLevelSecurity(${str(op.table)}, ${objectText([["enabled", op.enabled === undefined ? undefined : String(op.enabled)], ["forced", op.forced === undefined ? undefined : String(op.forced)], schemaOption(op.schema)])})`,
};
