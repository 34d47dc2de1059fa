// The target as retort should see it, for migrate.bat: a number alone (3, 003) names the
// numbered revision whose id starts with it (003_add_user_avatar_field), since retort
// needs four characters for a partial id; anything else is printed unchanged. Node does
// the matching so that cmd.exe's arithmetic (octal for leading zeros) never decides it.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const target = process.argv[2] ?? "";
const versions = join(dirname(dirname(fileURLToPath(import.meta.url))), "migrations", "versions");
let resolved = target;
if (/^[0-9]{1,3}$/.test(target)) {
  let files = [];
  try {
    files = readdirSync(versions);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  const wanted = BigInt(target);
  const match = files.map((file) => /^(([0-9]+)_[^.]*)\.ts$/.exec(file)).find((m) => m !== null && BigInt(m[2]) === wanted);
  if (match) resolved = match[1];
}
process.stdout.write(`${resolved}\n`);
