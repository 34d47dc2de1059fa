// The id of the next revision for `migrate.sh create|autogenerate NAME` and migrate.bat:
// one more than the highest number in migrations/versions, at least three digits, then
// the name (001_initial, 002_triggers, ... 999_x, 1000_y). One implementation for both
// wrappers, so that cmd.exe's arithmetic (octal for leading zeros, no loops without
// delayed expansion) never decides a revision id.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const name = process.argv[2] ?? "";
if (!/^[A-Za-z0-9_]+$/.test(name)) {
  process.stderr.write("error: the migration NAME must be letters, digits and underscores (e.g. add_user_avatar_field)\n");
  process.exit(2);
}
const versions = join(dirname(dirname(fileURLToPath(import.meta.url))), "migrations", "versions");
let files = [];
try {
  files = readdirSync(versions);
} catch (error) {
  if (error.code !== "ENOENT") throw error;
}
const numbers = files.map((file) => /^([0-9]+)_.*\.ts$/.exec(file)?.[1]).filter((digits) => digits !== undefined).map((digits) => BigInt(digits));
const last = numbers.reduce((max, n) => (n > max ? n : max), 0n);
process.stdout.write(`${String(last + 1n).padStart(3, "0")}_${name}\n`);
