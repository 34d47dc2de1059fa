// Shrunk counterexamples of the property test, kept as fixed cases (see property.test.ts).
import type { Case } from "./changesets.js";

export const REGRESSIONS: Record<string, Case> = {
  // Seed 828161348: a column renamed in a renamed table is decided under the new table name.
  "a column renamed and made nullable in a renamed table": {
    original: {
      tables: [
        {
          name: "t0",
          columns: [
            { name: "id", type: { kind: "serial" }, nullable: false },
            { name: "c0", type: { kind: "text" }, nullable: false },
          ],
          primaryKey: { name: "t0_pkey", columns: ["id"] },
          uniques: [],
          checks: [],
          foreignKeys: [],
          indexes: [],
        },
      ],
      enums: [],
    },
    target: {
      tables: [
        {
          name: "t0_r3",
          columns: [
            { name: "id", type: { kind: "serial" }, nullable: false },
            { name: "r1", type: { kind: "text" }, nullable: true },
          ],
          primaryKey: { name: "t0_pkey", columns: ["id"] },
          uniques: [],
          checks: [],
          foreignKeys: [],
          indexes: [],
        },
      ],
      enums: [],
    },
    renames: ["t0_r3.c0:t0_r3.r1", "t0:t0_r3"],
    changes: ["renameColumn", "toggleNullable", "renameTable"],
  },
  // Seed 1796132649 (the generator drawing enum columns in predicates): an added value's
  // downgrade recreates the type, and the partial index naming it was rebuilt from text
  // that named the type set aside ("operator does not exist: "Mood0" = "Mood0__retort_old"").
  "an added enum value, with a partial index naming the type": {
    original: {
      tables: [
        {
          name: "T0",
          columns: [
            { name: "id", type: { kind: "serial" }, nullable: false },
            { name: "c0", type: { kind: "enum", name: "Mood0" }, nullable: false },
          ],
          primaryKey: { name: "T0_pkey", columns: ["id"] },
          uniques: [],
          checks: [],
          foreignKeys: [],
          indexes: [{ name: "T0_c0_enum_idx", elements: [{ kind: "column", name: "id" }], unique: false, where: `c0 = 'a'::"Mood0"` }],
        },
      ],
      enums: [{ name: "Mood0", values: ["a", "b", "c"] }],
    },
    target: {
      tables: [
        {
          name: "T0",
          columns: [
            { name: "id", type: { kind: "serial" }, nullable: false },
            { name: "c0", type: { kind: "enum", name: "Mood0" }, nullable: false },
          ],
          primaryKey: { name: "T0_pkey", columns: ["id"] },
          uniques: [],
          checks: [],
          foreignKeys: [],
          indexes: [{ name: "T0_c0_enum_idx", elements: [{ kind: "column", name: "id" }], unique: false, where: `c0 = 'a'::"Mood0"` }],
        },
      ],
      enums: [{ name: "Mood0", values: ["a", "b", "v3", "c"] }],
    },
    renames: [],
    changes: ["addEnumValue"],
  },
  // The same for a check naming the type, around a removed value (upgrade and downgrade recreate it).
  "a removed enum value, with a check naming the type": {
    original: {
      tables: [
        {
          name: "t0",
          columns: [
            { name: "id", type: { kind: "serial" }, nullable: false },
            { name: "c0", type: { kind: "enum", name: "e0" }, nullable: false },
          ],
          primaryKey: { name: "t0_pkey", columns: ["id"] },
          uniques: [],
          checks: [{ name: "t0_c0_enum_check", expression: "c0 >= 'a'::e0" }],
          foreignKeys: [],
          indexes: [],
        },
      ],
      enums: [{ name: "e0", values: ["a", "b", "c"] }],
    },
    target: {
      tables: [
        {
          name: "t0",
          columns: [
            { name: "id", type: { kind: "serial" }, nullable: false },
            { name: "c0", type: { kind: "enum", name: "e0" }, nullable: false },
          ],
          primaryKey: { name: "t0_pkey", columns: ["id"] },
          uniques: [],
          checks: [{ name: "t0_c0_enum_check", expression: "c0 >= 'a'::e0" }],
          foreignKeys: [],
          indexes: [],
        },
      ],
      enums: [{ name: "e0", values: ["a", "c"] }],
    },
    renames: [],
    changes: ["removeEnumValue"],
  },
};
