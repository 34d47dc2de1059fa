// compareSchemas: the operations that take a database's Schema to the models' Schema, in
// an order PostgreSQL accepts, each carrying what it replaces (`previous`) so that the
// downgrade is the exact inverse. Pure: no I/O, no SQL text. Expressions on both sides
// are expected to be in the server's own spelling already (see normalise.ts).
import type {
  AddColumn,
  AlterColumn,
  CreateForeignKey,
  CreateIndex,
  DropColumn,
  DropConstraint,
  DropIndex,
  EnumColumnUse,
  Op,
  TableDefinition,
  TableRef,
} from "../ops/types.js";
import type { Column, EnumType, ForeignKey, Index, Schema, Table, UniqueConstraint } from "../schema/types.js";
import { normaliseIndex, qualifiedKey, same, sameIndex, sameType } from "./equality.js";
import { applyRenames } from "./apply-renames.js";
import { compareObjects } from "./compare-objects.js";
import { withValue } from "../ops/reverse.js";
import { findRenames, type RenameAmbiguity, type RenameDecisions } from "./renames.js";

export interface CompareOptions {
  /** Decisions on possible renames, from --rename / --no-rename or an interactive answer. */
  readonly renames?: RenameDecisions;
  /** Tables (as "name" or "schema.name") to leave alone on both sides. */
  readonly ignore?: (key: string) => boolean;
  /**
   * Tables (keys as above) known to hold rows: a NOT NULL column without a default is
   * added to them in the safe shape (nullable, a backfill, then SET NOT NULL).
   */
  readonly tablesWithRows?: ReadonlySet<string>;
  /**
   * Pairs already found equal (a `to` table to the `from` table it equals), skipped
   * without a second deep comparison; a pair whose tables were replaced since (by
   * renames, by the server's spelling) is compared as usual.
   */
  readonly unchanged?: ReadonlyMap<Table, Table>;
}

/** A NOT NULL column that the server cannot fill in: adding it fails on a table with rows. */
export const needsBackfill = (column: Column): boolean =>
  !column.nullable &&
  column.default === undefined &&
  column.identity === undefined &&
  column.generated === undefined &&
  !["serial", "bigserial", "smallserial"].includes(column.type.kind);

export interface Comparison {
  readonly ops: readonly Op[];
  /** Disappearing and appearing tables or columns that may be renames nobody decided on. */
  readonly ambiguities: readonly RenameAmbiguity[];
  /** Differences that no operation expresses (removed enum values, identity changes). */
  readonly warnings: readonly string[];
}

const refOf = (table: { readonly schema?: string; readonly name: string }): TableRef =>
  table.schema === undefined ? { table: table.name } : { schema: table.schema, table: table.name };

const definitionOf = (table: Table, foreignKeys: readonly ForeignKey[] = table.foreignKeys): TableDefinition => {
  const { indexes: _indexes, ...rest } = table;
  return { ...rest, foreignKeys };
};

const normaliseForeignKey = (fk: ForeignKey): ForeignKey => ({
  name: fk.name,
  columns: fk.columns,
  references: fk.references.schema === undefined ? { table: fk.references.table, columns: fk.references.columns } : fk.references,
  ...(fk.onDelete !== undefined && fk.onDelete !== "no action" ? { onDelete: fk.onDelete } : {}),
  ...(fk.onUpdate !== undefined && fk.onUpdate !== "no action" ? { onUpdate: fk.onUpdate } : {}),
  ...(fk.deferrable === true ? { deferrable: true } : {}),
  ...(fk.initiallyDeferred === true ? { initiallyDeferred: true } : {}),
});

const normaliseUnique = (u: UniqueConstraint): UniqueConstraint => ({
  name: u.name,
  columns: u.columns,
  ...(u.deferrable === true ? { deferrable: true } : {}),
  ...(u.initiallyDeferred === true ? { initiallyDeferred: true } : {}),
});

const byName = <T extends { readonly name: string }>(items: readonly T[]): Map<string, T> => new Map(items.map((i) => [i.name, i]));

/** Target table key of a foreign key, resolved against its own table's schema. */
const targetKey = (fk: ForeignKey): string => qualifiedKey({ schema: fk.references.schema, name: fk.references.table });

/**
 * Orders tables so that referenced ones come first. Edges that close a cycle are
 * reported so that their foreign keys can be added once both tables exist.
 */
const dependencyOrder = (tables: readonly Table[]): { order: Table[]; deferred: Set<ForeignKey> } => {
  const keys = new Map(tables.map((t) => [qualifiedKey(t), t]));
  const state = new Map<string, "visiting" | "done">();
  const order: Table[] = [];
  const deferred = new Set<ForeignKey>();
  const visit = (table: Table): void => {
    const key = qualifiedKey(table);
    state.set(key, "visiting");
    for (const fk of table.foreignKeys) {
      const target = targetKey(fk);
      if (target === key) continue;
      const next = keys.get(target);
      if (next === undefined) continue;
      const seen = state.get(target);
      if (seen === "visiting") deferred.add(fk);
      else if (seen === undefined) visit(next);
    }
    state.set(key, "done");
    order.push(table);
  };
  for (const table of tables) if (!state.has(qualifiedKey(table))) visit(table);
  return { order, deferred };
};

const columnAlter = (ref: TableRef, from: Column, to: Column): AlterColumn | undefined => {
  const change: { -readonly [K in keyof AlterColumn]?: AlterColumn[K] } = {};
  const previous: { -readonly [K in keyof NonNullable<AlterColumn["previous"]>]?: NonNullable<AlterColumn["previous"]>[K] } = {};
  const typeChanges = !sameType(from.type, to.type);
  if (typeChanges) {
    // Between kinds PostgreSQL may have no implicit cast (text -> integer): an explicit
    // one works wherever a cast exists, in both directions.
    change.type = from.type.kind === to.type.kind ? { to: to.type } : { to: to.type, explicitCast: true };
    previous.type = from.type;
  }
  if (from.nullable !== to.nullable) {
    change.nullable = to.nullable;
    previous.nullable = from.nullable;
  }
  // A default is dropped and set again around a type change, so both directions know it.
  if (!same(from.default, to.default) || (typeChanges && (from.default !== undefined || to.default !== undefined))) {
    change.default = to.default ?? null;
    previous.default = from.default ?? null;
  }
  if (Object.keys(change).length === 0) return undefined;
  return { kind: "alterColumn", ...ref, column: to.name, ...change, previous } as AlterColumn;
};

interface Phases {
  enumsFirst: Op[];
  renames: Op[];
  dropForeignKeys: Op[];
  dropIndexes: Op[];
  dropConstraints: Op[];
  dropColumns: Op[];
  dropTables: Op[];
  createTables: Op[];
  addColumns: Op[];
  alterColumns: Op[];
  comments: Op[];
  createConstraints: Op[];
  createIndexes: Op[];
  createForeignKeys: Op[];
  dropEnums: Op[];
}

// The columns of `tables` typed by each enum type (or an array of one), keyed by the type,
// with their defaults: what recreating or extending a type has to convert. One pass over
// the columns, made only when some type changes.
const enumColumnUses = (tables: readonly Table[]): Map<string, EnumColumnUse[]> => {
  const uses = new Map<string, EnumColumnUse[]>();
  for (const table of tables) {
    for (const column of table.columns) {
      const array = column.type.kind === "array";
      const type = column.type.kind === "array" ? column.type.element : column.type;
      if (type.kind !== "enum") continue;
      const key = qualifiedKey(type);
      const use: EnumColumnUse = {
        ...refOf(table),
        column: column.name,
        ...(array ? { array: true } : {}),
        ...(column.default === undefined ? {} : { default: column.default }),
      };
      const list = uses.get(key);
      if (list === undefined) uses.set(key, [use]);
      else list.push(use);
    }
  }
  return uses;
};

const sameValues = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

const compareEnums = (from: readonly EnumType[], to: readonly EnumType[], tables: readonly Table[], phases: Phases): void => {
  const existing = new Map(from.map((e) => [qualifiedKey(e), e]));
  const wanted = new Map(to.map((e) => [qualifiedKey(e), e]));
  let uses: Map<string, EnumColumnUse[]> | undefined;
  for (const [key, e] of wanted) {
    const old = existing.get(key);
    if (old === undefined) {
      phases.enumsFirst.push({ kind: "createEnum", enum: e });
      continue;
    }
    if (sameValues(old.values, e.values)) continue;
    const schema = e.schema === undefined ? {} : { schema: e.schema };
    uses ??= enumColumnUses(tables);
    const columns = uses.get(key) ?? [];
    const removed = old.values.filter((v) => !e.values.includes(v));
    const kept = e.values.filter((v) => old.values.includes(v));
    const orderKept = kept.every((v, i) => old.values.filter((o) => kept.includes(o))[i] === v);
    if (removed.length > 0 || !orderKept) {
      phases.enumsFirst.push({ kind: "recreateEnum", ...schema, name: e.name, values: e.values, columns, previous: old.values });
      continue;
    }
    // Each new value goes after its predecessor in the model (or before the first one);
    // each op records the type as it was just before it, so that its inverse can rebuild it.
    let values = [...old.values];
    e.values.forEach((value, i) => {
      if (old.values.includes(value)) return;
      const position = i > 0 ? { after: e.values[i - 1] as string } : e.values[1] !== undefined ? { before: e.values[1] } : {};
      const op = { kind: "addEnumValue", ...schema, name: e.name, value, ...position, ifNotExists: true, previous: { values, columns } } as const;
      phases.enumsFirst.push(op);
      values = withValue(values, op);
    });
  }
  for (const [key, e] of existing) {
    if (!wanted.has(key)) phases.dropEnums.push({ kind: "dropEnum", ...(e.schema === undefined ? {} : { schema: e.schema }), name: e.name, previous: e });
  }
};

// PostgreSQL refuses a value in the transaction that added it: an added value that a later
// op of the same migration writes (a default, a check, an index predicate) commits first.
const markUsedValues = (ops: Op[]): Op[] =>
  ops.map((op, i) => {
    if (op.kind !== "addEnumValue") return op;
    const later = JSON.stringify(ops.slice(i + 1).filter((o) => o.kind !== "addEnumValue" && o.kind !== "recreateEnum"));
    const quoted = `'${op.value.replace(/'/g, "''")}'`;
    const used = later.includes(JSON.stringify(quoted).slice(1, -1)) || later.includes(`"value":${JSON.stringify(op.value)}`);
    return used ? { ...op, separateTransaction: true } : op;
  });

const dropIndexOp = (table: Table, index: Index): DropIndex => ({
  kind: "dropIndex",
  ...(table.schema === undefined ? {} : { schema: table.schema }),
  name: index.name,
  previous: { table: table.name, index },
});

const createIndexOp = (table: Table, index: Index): CreateIndex => ({ kind: "createIndex", ...refOf(table), index });

// Constraints and indexes that differ only in name are renamed, not dropped and created: a
// renamed table's conventionally named constraints follow it, and its primary key and
// indexes are never rebuilt for a name.
const pairByShape = <T extends { readonly name: string }>(from: readonly T[], to: readonly T[], shape: (item: T) => unknown): Map<string, string> => {
  const toNames = new Set(to.map((x) => x.name));
  const fromNames = new Set(from.map((x) => x.name));
  const fresh = to.filter((x) => !fromNames.has(x.name));
  const key = (item: T) => JSON.stringify(shape({ ...item, name: "" }));
  const renames = new Map<string, string>();
  for (const old of from) {
    if (toNames.has(old.name)) continue;
    const match = fresh.find((x) => key(x) === key(old) && ![...renames.values()].includes(x.name));
    if (match !== undefined) renames.set(old.name, match.name);
  }
  return renames;
};

const renameShapes = (from: Table, to: Table, phases: Phases): Table => {
  const ref = refOf(to);
  const all = new Map<string, string>();
  const constraintRenames = [
    ...pairByShape(from.uniques, to.uniques, normaliseUnique),
    ...pairByShape(from.checks, to.checks, (c) => c.expression),
    ...pairByShape(from.foreignKeys, to.foreignKeys, normaliseForeignKey),
    ...(from.primaryKey !== undefined && to.primaryKey !== undefined ? pairByShape([from.primaryKey], [to.primaryKey], (p) => p) : []),
  ];
  for (const [name, newName] of constraintRenames) {
    phases.renames.push({ kind: "renameConstraint", ...ref, name, newName });
    all.set(name, newName);
  }
  for (const [name, newName] of pairByShape(from.indexes, to.indexes, normaliseIndex)) {
    phases.renames.push({ kind: "renameConstraint", ...ref, name, newName, index: true });
    all.set(name, newName);
  }
  if (all.size === 0) return from;
  const renamed = <T extends { readonly name: string }>(x: T): T => (all.has(x.name) ? { ...x, name: all.get(x.name) as string } : x);
  return {
    ...from,
    ...(from.primaryKey === undefined ? {} : { primaryKey: renamed(from.primaryKey) }),
    uniques: from.uniques.map(renamed),
    checks: from.checks.map(renamed),
    foreignKeys: from.foreignKeys.map(renamed),
    indexes: from.indexes.map(renamed),
  };
};

const compareTable = (original: Table, to: Table, phases: Phases, warnings: string[], hasRows: boolean): void => {
  const from = renameShapes(original, to, phases);
  if (same(from, to)) return;
  const ref = refOf(to);
  const key = qualifiedKey(to);
  const oldColumns = byName(from.columns);
  const newColumns = byName(to.columns);

  // Constraints and indexes that go away or change are dropped before columns change.
  const oldFks = byName(from.foreignKeys);
  const newFks = byName(to.foreignKeys);
  for (const fk of from.foreignKeys) {
    const next = newFks.get(fk.name);
    if (next === undefined || !same(normaliseForeignKey(fk), normaliseForeignKey(next))) {
      phases.dropForeignKeys.push({ kind: "dropConstraint", ...ref, name: fk.name, type: "foreignKey", previous: { type: "foreignKey", constraint: fk } } satisfies DropConstraint);
    }
  }
  const oldIndexes = byName(from.indexes);
  const newIndexes = byName(to.indexes);
  for (const index of from.indexes) {
    const next = newIndexes.get(index.name);
    if (next === undefined || !sameIndex(index, next)) phases.dropIndexes.push(dropIndexOp(from, index));
  }
  const pkChanged = !same(from.primaryKey, to.primaryKey);
  if (pkChanged && from.primaryKey !== undefined) {
    phases.dropConstraints.push({ kind: "dropConstraint", ...ref, name: from.primaryKey.name, type: "primaryKey", previous: { type: "primaryKey", constraint: from.primaryKey } });
  }
  const newUniques = byName(to.uniques);
  const oldUniques = byName(from.uniques);
  for (const u of from.uniques) {
    const next = newUniques.get(u.name);
    if (next === undefined || !same(normaliseUnique(u), normaliseUnique(next))) {
      phases.dropConstraints.push({ kind: "dropConstraint", ...ref, name: u.name, type: "unique", previous: { type: "unique", constraint: u } });
    }
  }
  const newChecks = byName(to.checks);
  const oldChecks = byName(from.checks);
  for (const c of from.checks) {
    const next = newChecks.get(c.name);
    if (next === undefined || next.expression !== c.expression) {
      phases.dropConstraints.push({ kind: "dropConstraint", ...ref, name: c.name, type: "check", previous: { type: "check", constraint: c } });
    }
  }

  for (const column of from.columns) {
    if (newColumns.has(column.name)) continue;
    phases.dropColumns.push({ kind: "dropColumn", ...ref, column: column.name, previous: column } satisfies DropColumn);
  }
  for (const column of to.columns) {
    const old = oldColumns.get(column.name);
    if (old === undefined) {
      if (hasRows && needsBackfill(column)) {
        // The rows have no value for it: added nullable, then NOT NULL once backfilled.
        phases.addColumns.push({ kind: "addColumn", ...ref, column: { ...column, nullable: true } } satisfies AddColumn);
        phases.alterColumns.push({ kind: "alterColumn", ...ref, column: column.name, nullable: false, previous: { nullable: true } });
      } else phases.addColumns.push({ kind: "addColumn", ...ref, column } satisfies AddColumn);
      continue;
    }
    const alter = columnAlter(ref, old, column);
    if (alter !== undefined) phases.alterColumns.push(alter);
    if (!same(old.identity, column.identity) || !same(old.generated, column.generated)) {
      warnings.push(`column ${key}.${column.name}: identity or generated expression differs; no operation changes it, write the migration by hand`);
    }
    if ((old.comment ?? null) !== (column.comment ?? null)) {
      phases.comments.push({ kind: "setColumnComment", ...ref, column: column.name, comment: column.comment ?? null, previous: old.comment ?? null });
    }
  }
  if ((from.comment ?? null) !== (to.comment ?? null)) {
    phases.comments.push({ kind: "setTableComment", ...ref, comment: to.comment ?? null, previous: from.comment ?? null });
  }

  if (pkChanged && to.primaryKey !== undefined) phases.createConstraints.push({ kind: "createPrimaryKey", ...ref, primaryKey: to.primaryKey });
  for (const u of to.uniques) {
    const old = oldUniques.get(u.name);
    if (old === undefined || !same(normaliseUnique(u), normaliseUnique(old))) phases.createConstraints.push({ kind: "createUniqueConstraint", ...ref, unique: u });
  }
  for (const c of to.checks) {
    const old = oldChecks.get(c.name);
    if (old === undefined || old.expression !== c.expression) phases.createConstraints.push({ kind: "createCheckConstraint", ...ref, check: c });
  }
  for (const index of to.indexes) {
    const old = oldIndexes.get(index.name);
    if (old === undefined || !sameIndex(old, index)) phases.createIndexes.push(createIndexOp(to, index));
  }
  for (const fk of to.foreignKeys) {
    const old = oldFks.get(fk.name);
    if (old === undefined || !same(normaliseForeignKey(old), normaliseForeignKey(fk))) {
      phases.createForeignKeys.push({ kind: "createForeignKey", ...ref, foreignKey: fk } satisfies CreateForeignKey);
    }
  }
};

/** The table changes, which decide the views that must be dropped and created around them. */
const tableOpsOf = (phases: Phases): Op[] => [...phases.renames, ...phases.dropColumns, ...phases.dropTables, ...phases.alterColumns];

export const compareSchemas = (from: Schema, to: Schema, options: CompareOptions = {}): Comparison => {
  const ignored = options.ignore ?? (() => false);
  const fromTables = from.tables.filter((t) => !ignored(qualifiedKey(t)));
  const toTables = to.tables.filter((t) => !ignored(qualifiedKey(t)));
  const phases: Phases = {
    enumsFirst: [],
    renames: [],
    dropForeignKeys: [],
    dropIndexes: [],
    dropConstraints: [],
    dropColumns: [],
    dropTables: [],
    createTables: [],
    addColumns: [],
    alterColumns: [],
    comments: [],
    createConstraints: [],
    createIndexes: [],
    createForeignKeys: [],
    dropEnums: [],
  };
  const warnings: string[] = [];
  // Namespaces the models use but the database lacks (known only when the database side
  // was read with several namespaces): created first, dropped last on downgrade.
  const schemasFirst: Op[] = [];
  if (from.schemas !== undefined) {
    const used = new Set([...toTables.map((t) => t.schema), ...to.enums.map((e) => e.schema)].filter((s): s is string => s !== undefined));
    for (const name of [...used].sort()) if (!from.schemas.includes(name)) schemasFirst.push({ kind: "createSchema", name });
  }
  compareEnums(from.enums, to.enums, fromTables, phases);

  const { tableRenames, columnRenames, ambiguities } = findRenames(fromTables, toTables, options.renames ?? { rename: [], noRename: [] });
  // Renames run first; everything after them (and every `previous`) uses the new names.
  for (const table of fromTables) {
    const newKey = tableRenames.get(qualifiedKey(table));
    if (newKey !== undefined) phases.renames.push({ kind: "renameTable", ...refOf(table), newName: newKey.slice(newKey.indexOf(".") + 1) });
  }
  for (const table of toTables) {
    for (const [oldName, newName] of columnRenames.get(qualifiedKey(table)) ?? []) {
      phases.renames.push({ kind: "alterColumn", ...refOf(table), column: oldName, newName });
    }
  }
  const current = applyRenames(fromTables, tableRenames, columnRenames);
  const currentByKey = new Map(current.map((t) => [qualifiedKey(t), t]));
  const toKeys = new Set(toTables.map((t) => qualifiedKey(t)));

  const created: Table[] = [];
  for (const table of toTables) {
    const old = currentByKey.get(qualifiedKey(table));
    if (old === undefined) created.push(table);
    // Most tables of a large schema are unchanged: one deep equality settles them.
    else if (options.unchanged?.get(table) !== old && !same(old, table)) compareTable(old, table, phases, warnings, options.tablesWithRows?.has(qualifiedKey(table)) === true);
  }

  const dropped = current.filter((t) => !toKeys.has(qualifiedKey(t)));
  if (dropped.length > 0) {
    // Drop referencing tables first: the reverse of the order they would be created in.
    const { order, deferred } = dependencyOrder(dropped);
    for (const table of order.slice().reverse()) {
      for (const fk of table.foreignKeys) {
        if (deferred.has(fk)) {
          phases.dropForeignKeys.push({ kind: "dropConstraint", ...refOf(table), name: fk.name, type: "foreignKey", previous: { type: "foreignKey", constraint: fk } });
        }
      }
      for (const index of table.indexes) phases.dropIndexes.push(dropIndexOp(table, index));
      phases.dropTables.push({ kind: "dropTable", ...refOf(table), previous: definitionOf(table, table.foreignKeys.filter((fk) => !deferred.has(fk))) });
    }
  }
  if (created.length > 0) {
    const { order, deferred } = dependencyOrder(created);
    for (const table of order) {
      phases.createTables.push({ kind: "createTable", table: definitionOf(table, table.foreignKeys.filter((fk) => !deferred.has(fk))) });
      for (const index of table.indexes) phases.createIndexes.push(createIndexOp(table, index));
      for (const fk of table.foreignKeys) {
        if (deferred.has(fk)) phases.createForeignKeys.push({ kind: "createForeignKey", ...refOf(table), foreignKey: fk });
      }
    }
  }

  const objects = compareObjects(from, to, tableOpsOf(phases), ignored);
  warnings.push(...objects.warnings);
  const ops: Op[] = markUsedValues([
    ...schemasFirst,
    ...objects.first,
    ...phases.enumsFirst,
    ...phases.renames,
    ...objects.dropsBefore,
    ...phases.dropForeignKeys,
    ...phases.dropIndexes,
    ...phases.dropConstraints,
    ...phases.dropColumns,
    ...phases.dropTables,
    ...phases.createTables,
    ...phases.addColumns,
    ...phases.alterColumns,
    ...phases.comments,
    ...phases.createConstraints,
    ...phases.createIndexes,
    ...phases.createForeignKeys,
    ...objects.createsAfter,
    ...phases.dropEnums,
    ...objects.last,
  ]);
  return { ops, ambiguities, warnings };
};
