// Generated projects for the benchmarks: a linear chain of N revisions, each creating one
// small table through op.execute(), with headers exactly as `retort revision` writes them.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const revisionIdAt = (index: number): string => `b${index.toString(16).padStart(11, "0")}`;

export const migrationSource = (index: number): string => {
  const revision = revisionIdAt(index);
  const down = index === 0 ? "null" : JSON.stringify(revisionIdAt(index - 1));
  return `import type { Operations } from "retort-migrate";

export const revision = "${revision}";
export const downRevision: string | string[] | null = ${down};
export const branchLabels = null;
export const dependsOn = null;
export const message = "create table t${index}";

export async function upgrade(op: Operations): Promise<void> {
  await op.execute("CREATE TABLE t${index} (id integer PRIMARY KEY, name text NOT NULL)");
}

export async function downgrade(op: Operations): Promise<void> {
  await op.execute("DROP TABLE t${index}");
}
`;
};

/** A project folder with retort.config.ts and `count` chained revisions. */
export const generateProject = (count: number): string => {
  const root = mkdtempSync(join(tmpdir(), "retort-bench-"));
  const versions = join(root, "migrations", "versions");
  mkdirSync(versions, { recursive: true });
  writeFileSync(join(root, "retort.config.ts"), 'export default { migrations: "migrations" };\n');
  for (let index = 0; index < count; index += 1) {
    writeFileSync(join(versions, `${revisionIdAt(index)}_create_table_t${index}.ts`), migrationSource(index));
  }
  return root;
};
