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
};
