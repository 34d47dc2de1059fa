// A realistic schema of any size, the same every time for a given size: tables of
// several shapes with foreign keys to earlier tables (and a few cycles), uniques,
// checks, enums, comments and indexes of every kind PostgreSQL offers here. Expressions
// are written the way the server prints them, so a database built from it introspects
// back to exactly this Schema.
import type { Column, EnumType, ForeignKey, Index, Schema, Table } from "../../../src/schema/types.js";

export const ENUMS: EnumType[] = [
  { name: "job_state", values: ["queued", "running", "done", "failed"] },
  { name: "priority", values: ["low", "normal", "high"] },
  { name: "channel", values: ["web", "mobile", "api"] },
];

// A tiny deterministic generator (LCG): the schema depends only on the seed.
const random = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
};

export interface GeneratedOptions {
  readonly tables: number;
  /** Average extra (non-key) columns per table. */
  readonly columns?: number;
  readonly seed?: number;
}

export const generateSchema = ({ tables: count, columns: width = 6, seed = 7 }: GeneratedOptions): Schema => {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const tables: Table[] = [];
  for (let i = 0; i < count; i++) {
    const name = `t${String(i).padStart(4, "0")}_${pick(["account", "order", "event", "note", "item", "log"])}`;
    const columns: Column[] = [{ name: "id", type: next() < 0.7 ? { kind: "bigserial" } : { kind: "serial" }, nullable: false }];
    const foreignKeys: ForeignKey[] = [];
    const indexes: Index[] = [];
    const n = Math.max(3, Math.round(width * (0.5 + next())));
    for (let c = 0; c < n; c++) {
      const col = `c${c}`;
      const shape = Math.floor(next() * 12);
      const nullable = next() < 0.5;
      const column: Column =
        shape === 0
          ? { name: col, type: { kind: "varchar", length: pick([20, 64, 255]) }, nullable, ...(nullable ? {} : { default: { kind: "literal", value: "" } }) }
          : shape === 1
            ? { name: col, type: { kind: "numeric", precision: 12, scale: 2 }, nullable, default: { kind: "literal", value: 0 } }
            : shape === 2
              ? { name: col, type: { kind: "timestamp", withTimezone: true }, nullable: false, default: { kind: "sql", sql: "now()" } }
              : shape === 3
                ? { name: col, type: { kind: "boolean" }, nullable: false, default: { kind: "literal", value: next() < 0.5 } }
                : shape === 4
                  ? { name: col, type: { kind: "jsonb" }, nullable: false, default: { kind: "literal", value: "{}" } }
                  : shape === 5
                    ? { name: col, type: { kind: "enum", name: pick(ENUMS).name }, nullable }
                    : shape === 6
                      ? { name: col, type: { kind: "array", element: { kind: "text" } }, nullable }
                      : shape === 7
                        ? { name: col, type: { kind: "uuid" }, nullable, ...(nullable ? {} : { default: { kind: "sql", sql: "gen_random_uuid()" } }) }
                        : shape === 8
                          ? { name: col, type: { kind: "integer" }, nullable, default: { kind: "literal", value: 1 } }
                          : shape === 9
                            ? { name: col, type: { kind: "timestamp", withTimezone: false, precision: 3 }, nullable: true }
                            : shape === 10
                              ? { name: col, type: { kind: "text" }, nullable, comment: `Free text ${i}.${c}, with 'quotes'` }
                              : { name: col, type: { kind: "char", length: 2 }, nullable };
      columns.push(column);
    }
    // About one foreign key per table, to an earlier table; every 40th table closes a cycle.
    if (i > 0) {
      const target = tables[Math.floor(next() * tables.length)] as Table;
      const targetType = target.columns[0]?.type.kind === "bigserial" ? "bigint" : "integer";
      columns.push({ name: "parent_id", type: { kind: targetType }, nullable: true });
      foreignKeys.push({
        name: `${name}_parent_fk`,
        columns: ["parent_id"],
        references: { table: target.name, columns: ["id"] },
        ...(next() < 0.4 ? { onDelete: pick(["cascade", "set null", "restrict"] as const) } : {}),
        ...(next() < 0.1 ? { deferrable: true, initiallyDeferred: next() < 0.5 } : {}),
      });
      indexes.push({ name: `${name}_parent_idx`, elements: [{ kind: "column", name: "parent_id" }], unique: false });
    }
    const text = columns.find((c) => c.type.kind === "varchar" || c.type.kind === "text");
    const stamp = columns.find((c) => c.type.kind === "timestamp");
    const json = columns.find((c) => c.type.kind === "jsonb");
    const amount = columns.find((c) => c.type.kind === "numeric");
    if (text !== undefined && i % 3 === 0) {
      indexes.push({ name: `${name}_lower_idx`, elements: [{ kind: "expression", sql: `lower(${text.name}${text.type.kind === "varchar" ? "::text" : ""})` }], unique: false });
    } else if (stamp !== undefined) {
      indexes.push({ name: `${name}_recent_idx`, elements: [{ kind: "column", name: stamp.name, order: "desc" }], unique: false, ...(i % 2 === 0 ? { include: ["id"] } : {}) });
    }
    if (json !== undefined && i % 5 === 0) indexes.push({ name: `${name}_json_idx`, elements: [{ kind: "column", name: json.name, opclass: "jsonb_path_ops" }], unique: false, method: "gin" });
    if (text !== undefined && i % 4 === 1) {
      indexes.push({ name: `${name}_partial_uq`, elements: [{ kind: "column", name: text.name }], unique: true, where: `${text.name} IS NOT NULL` });
    }
    const table: Table = {
      name,
      columns,
      primaryKey: { name: `${name}_pkey`, columns: ["id"] },
      uniques: text !== undefined && i % 4 === 2 ? [{ name: `${name}_${text.name}_key`, columns: [text.name, "id"] }] : [],
      checks: amount !== undefined ? [{ name: `${name}_${amount.name}_check`, expression: `${amount.name} >= 0::numeric` }] : [],
      foreignKeys,
      indexes,
      ...(i % 3 === 0 ? { comment: `Table number ${i}` } : {}),
    };
    tables.push(table);
  }
  // Close a few cycles: an early table points back at a later one.
  for (let i = 40; i < count; i += 40) {
    const early = tables[i - 39] as Table;
    const late = tables[i] as Table;
    const type = late.columns[0]?.type.kind === "bigserial" ? "bigint" : "integer";
    tables[i - 39] = {
      ...early,
      columns: [...early.columns, { name: "back_id", type: { kind: type }, nullable: true }],
      foreignKeys: [...early.foreignKeys, { name: `${early.name}_back_fk`, columns: ["back_id"], references: { table: late.name, columns: ["id"] } }],
    };
  }
  return { tables, enums: ENUMS };
};
