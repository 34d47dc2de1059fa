// The brand every non-table model carries (fn(), trigger(), view(), extension(),
// sequence(), policy()): buildSchema recognises them by it and reads their definitions.
import type { Extension, FunctionDefinition, Policy, Sequence, TriggerDefinition, ViewDefinition } from "./objects.js";
import type { NamingConvention } from "./naming.js";
import type { Index } from "./types.js";

export const OBJECT_MODEL = Symbol.for("retort.objectModel");

export type ObjectEntry =
  | { readonly kind: "function"; readonly definition: FunctionDefinition }
  | { readonly kind: "trigger"; readonly definition: TriggerDefinition }
  /** A view's indexes are built (named) with the schema, so they come as a thunk. */
  | { readonly kind: "view"; readonly definition: ViewDefinition; readonly indexes: (options: { readonly namingConvention?: NamingConvention }) => readonly Index[] }
  | { readonly kind: "extension"; readonly definition: Extension }
  | { readonly kind: "sequence"; readonly definition: Sequence }
  | { readonly kind: "policy"; readonly definition: Policy };

export interface ObjectModel {
  readonly [OBJECT_MODEL]: ObjectEntry;
}

export const isObjectModel = (value: unknown): value is ObjectModel =>
  typeof value === "object" && value !== null && OBJECT_MODEL in value;

export const objectEntry = (model: ObjectModel): ObjectEntry => model[OBJECT_MODEL];
