// defineSchema([users, bots]): the model tables keyed by their own names, so that
// Database<typeof schema> needs no hand-written keys (and cannot get one wrong).
import { RetortError } from "../errors.js";
import type { SchemaOf } from "./row-types.js";
import { isTableModel, tableDefinition, type TableModel } from "./table.js";

export const defineSchema = <const T extends readonly TableModel<any, string>[]>(tables: T): SchemaOf<T> => {
  const keyed: Record<string, TableModel> = {};
  for (const model of tables) {
    if (!isTableModel(model))
      throw new RetortError("INVALID_SCHEMA", "defineSchema takes model tables only", { hint: 'Pass tables made with table("name", { ... }).' });
    const { name } = tableDefinition(model);
    if (Object.hasOwn(keyed, name))
      throw new RetortError("INVALID_SCHEMA", `defineSchema lists table "${name}" twice`, { hint: "Give each table once." });
    keyed[name] = model;
  }
  return Object.freeze(keyed) as SchemaOf<T>;
};
