// The text of the shadow commands (`verify`, `check --drift`). Its own module so that the
// command table can hold it without loading the database layers at start-up.
import type { DriftResult } from "../commands/drift.js";
import type { VerifyResult } from "../commands/verify.js";

export const verifyText = (result: VerifyResult): string[] => {
  if (result.multipleHeads) {
    return [
      `FAILED: the history has ${result.heads.length} heads (${result.heads.join(", ")}); merge them (\`retort merge heads -m "merge"\`) or pass --allow-multiple-heads`,
    ];
  }
  const lines = [`Verifying in ${result.shadow}:`];
  for (const r of result.revisions) {
    if (r.ok) {
      lines.push(`  ok      ${r.revision}  ${r.file}`);
      continue;
    }
    lines.push(`  FAILED  ${r.revision}  ${r.file}: ${r.failed === "schema" ? r.message : `${r.failed} failed: ${r.message}`}`);
    if (r.differences !== undefined) {
      lines.push("          after the downgrade, compared with before the upgrade (+ left behind, - missing, ~ changed):");
      for (const d of r.differences) lines.push(`            ${d}`);
    }
  }
  if (result.models !== null) {
    if (result.models.differences.length === 0) lines.push("  ok      the schema at head matches the models");
    else {
      lines.push("  FAILED  the schema at head differs from the models; autogenerate would write:");
      for (const d of result.models.differences) lines.push(`            ${d}`);
    }
  }
  for (const squash of result.squashes) {
    const what = `the squash ${squash.revision} and the ${squash.replaces.length} revision(s) it replaces (${squash.replaces[0]}..${squash.replaces.at(-1)})`;
    if (squash.differences.length === 0) lines.push(`  ok      ${what} build the same schema`);
    else {
      lines.push(`  FAILED  ${what} build different schemas (+ only the squash's, - only the chain's, ~ changed):`);
      for (const d of squash.differences) lines.push(`            ${d}`);
    }
  }
  if (result.ok) lines.push(`${result.revisions.length} revision(s) verified.`);
  return lines;
};

export const driftText = (result: DriftResult): string[] => {
  const at = result.at.length === 0 ? "base" : result.at.join(", ");
  if (!result.drifted) return [`No drift: ${result.database} has exactly the schema its migrations (at ${at}) produce.`];
  return [
    `${result.differences.length} change(s) made outside migrations in ${result.database} (compared with its migrations at ${at}, replayed in ${result.shadow}; + only in the database, - missing from it, ~ changed):`,
    ...result.differences.map((d) => `  ${d}`),
  ];
};
