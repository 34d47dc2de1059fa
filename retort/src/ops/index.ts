export type * from "./types.js";
export {
  createOperations,
  type Operations,
  type MigrationContext,
  type OperationsOptions,
  type TableArg,
  type AlterColumnOptions,
  type IndexColumnArg,
  type CreateIndexOptions,
  type ForeignKeyOptions,
  type FunctionOptions,
  type TriggerOptions,
} from "./facade.js";
export { reverseOp, reverseOps } from "./reverse.js";
