// Named PostgreSQL enum types as models: declared once, used by any number of columns.
import { RetortError } from "../errors.js";
import { ColumnBuilder, type Meta } from "./column.js";
import type { EnumType } from "./types.js";

const ENUM = Symbol.for("retort.enumModel");

export interface EnumModel<V extends string = string> {
  readonly [ENUM]: EnumType;
  readonly name: string;
  readonly schema: string | undefined;
  readonly values: readonly V[];
  /** A column of this type. */
  column(): ColumnBuilder<Meta<V>>;
}

export const enumType = <const V extends string>(
  name: string,
  values: readonly [V, ...V[]] | readonly V[],
  options: { schema?: string } = {},
): EnumModel<V> => {
  if (name.length === 0)
    throw new RetortError("INVALID_SCHEMA", "an enum type needs a name", { hint: 'Write enumType("status", ["a", "b"]).' });
  if (values.length === 0)
    throw new RetortError("INVALID_SCHEMA", `enum type "${name}" has no values`, { hint: "List at least one value." });
  const seen = new Set<string>();
  for (const value of values) {
    if (typeof value !== "string" || value.length === 0)
      throw new RetortError("INVALID_SCHEMA", `enum type "${name}" has an empty or non-string value`, {
        hint: "Enum values are non-empty strings.",
      });
    if (seen.has(value))
      throw new RetortError("INVALID_SCHEMA", `enum type "${name}" lists "${value}" twice`, { hint: "Each enum value must be unique." });
    seen.add(value);
  }
  const definition: EnumType = Object.freeze({
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    name,
    values: Object.freeze([...values]),
  });
  const type = options.schema === undefined ? { kind: "enum" as const, name } : { kind: "enum" as const, name, schema: options.schema };
  return Object.freeze({
    [ENUM]: definition,
    name,
    schema: options.schema,
    values: definition.values as readonly V[],
    column: () => new ColumnBuilder<Meta<V>>({ type, notNull: false, primaryKey: false, enumDefinition: definition }),
  });
};

export const isEnumModel = (value: unknown): value is EnumModel => typeof value === "object" && value !== null && ENUM in value;

/** The Schema data of an enum model. */
export const enumDefinition = (model: EnumModel): EnumType => model[ENUM];
