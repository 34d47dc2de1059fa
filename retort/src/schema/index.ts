export type * from "./types.js";
export type * from "./objects.js";
export { sql, isSql, type Sql, type NamedColumn } from "./sql.js";
export {
  ColumnBuilder,
  smallint,
  integer,
  bigint,
  smallserial,
  serial,
  bigserial,
  numeric,
  real,
  doublePrecision,
  boolean,
  text,
  varchar,
  char,
  uuid,
  date,
  time,
  timestamp,
  interval,
  json,
  jsonb,
  bytea,
  customType,
  enumColumn,
  type ColumnMeta,
  type ColumnSpec,
  type ReferenceOptions,
  type ReferenceTarget,
} from "./column.js";
export { enumType, isEnumModel, enumDefinition, type EnumModel } from "./enum.js";
export {
  index,
  uniqueIndex,
  unique,
  check,
  primaryKey,
  foreignKey,
  type IndexColumn,
  type TableExtra,
  type ForeignKeyTarget,
} from "./constraints.js";
export { table, isTableModel, tableDefinition, type TableModel, type TableNameOf, type TableOptions, type ColumnRef, type ColumnBuilders } from "./table.js";
export { DEFAULT_NAMING_CONVENTION, constraintName, conv, isFinalName, type FinalName, type ConstraintName, type NamingConvention, type NameContext, type NameTemplate } from "./naming.js";
export { buildSchema, buildSchemaYielding, buildTable, type BuildOptions, type BuiltTable } from "./build.js";
export { parseColumnType } from "./type-names.js";
export type { Database, RowOf, ColumnValue, KeyedByName, SchemaOf } from "./row-types.js";
export { defineSchema } from "./define-schema.js";
export { fn, procedure, type FunctionModel, type FunctionModelOptions, type ProcedureModelOptions } from "./routine.js";
export { trigger, type TriggerModel, type TriggerModelOptions } from "./trigger.js";
export { view, type ViewModel, type ViewModelOptions } from "./view.js";
export { extension, sequence, policy, type ExtensionModel, type SequenceModel, type PolicyModel, type SequenceModelOptions, type PolicyModelOptions } from "./extension.js";
export { isObjectModel } from "./object-model.js";
export { touchUpdatedAt, enableRowLevelSecurity, forceRowLevelSecurity, type TouchUpdatedAt } from "./table.js";
