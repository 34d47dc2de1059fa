// migrate.bat cannot run here (no cmd.exe on these machines), so its numbering is the
// shared scripts/next-revision-id.mjs, run below as both wrappers run it, and the batch
// file is held to the rules that keep users' arguments intact under cmd.exe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { backendDir, run } from "../support/cli.js";

const bat = readFileSync(join(backendDir, "migrate.bat"), "utf8");

test("next-revision-id: one more than the highest number, at least three digits, then the name", async () => {
  const result = await run(process.execPath, ["scripts/next-revision-id.mjs", "add_thing"], { env: process.env });
  assert.equal(result.code, 0, result.stderr);
  const highest = Math.max(...readdirSync(join(backendDir, "migrations", "versions")).map((file) => Number(/^(\d+)_/.exec(file)?.[1] ?? 0)));
  assert.equal(result.stdout, `${String(highest + 1).padStart(3, "0")}_add_thing\n`);
  for (const bad of ["", "bad name", "semi;colon", "percent%", "bang!"]) {
    const refused = await run(process.execPath, ["scripts/next-revision-id.mjs", bad], { env: process.env });
    assert.equal(refused.code, 2, bad);
    assert.equal(refused.stdout, "");
    assert.equal(refused.stderr, "error: the migration NAME must be letters, digits and underscores (e.g. add_user_avatar_field)\n");
  }
});

test("migrate.bat: CRLF lines, delayed expansion off, no call through a .cmd shim, no nine-argument ceiling", () => {
  assert.ok(!/(^|[^\r])\n/.test(bat), "every line ends in CRLF (cmd.exe mis-parses labels in LF files)");
  assert.match(bat, /^setlocal EnableExtensions DisableDelayedExpansion\r$/m);
  assert.doesNotMatch(bat, /EnableDelayedExpansion/);
  assert.doesNotMatch(bat, /![A-Z_]+!/, "no !VAR! expansion anywhere");
  assert.doesNotMatch(bat, /\s%9/, "arguments are collected with SHIFT, not %1..%9");
  assert.doesNotMatch(bat, /^\s*call "%RETORT/m, "call would expand %% in arguments a second time");
  assert.match(bat, /^node "%RETORT_JS%" %CMD% %REST%\r$/m);
  assert.match(bat, /^set "REST=%REST% %1"\r$/m);
  assert.match(bat, /node scripts\\next-revision-id\.mjs "%NAME%"/);
});

test("migrate.bat: help, -h and --help print the usage and exit 0, as migrate.sh does", () => {
  for (const word of ["help", "-h", "--help"]) {
    const line = word === "help" ? /^if \/i "%CMD%"=="help" goto usage_ok\r$/m : new RegExp(`^if "%CMD%"=="${word}" goto usage_ok\\r$`, "m");
    assert.match(bat, line, word);
  }
  assert.match(bat, /^:usage_ok\r\ncall :print_usage\r\nexit \/b 0\r$/m);
  const sh = readFileSync(join(backendDir, "migrate.sh"), "utf8");
  const commands = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]).sort();
  assert.deepEqual(
    commands(bat, /^>&2 echo {3}([a-z]+) /gm),
    commands(sh, /^ {2}([a-z]+) .* {2,}\S/gm),
    "both wrappers document the same commands",
  );
});

test("numbered-revision: a number alone names the numbered revision; anything else is passed on unchanged", async () => {
  const files = readdirSync(join(backendDir, "migrations", "versions"));
  const third = files.find((file) => file.startsWith("003_"))?.replace(/\.ts$/, "");
  assert.ok(third !== undefined);
  const cases: [string, string][] = [["3", third], ["003", third], ["head", "head"], ["-1", "-1"], ["9999", "9999"], ["0003x", "0003x"]];
  for (const [given, expected] of cases) {
    const result = await run(process.execPath, ["scripts/numbered-revision.mjs", given], { env: process.env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${expected}\n`, given);
  }
  assert.match(bat, /node scripts\\numbered-revision\.mjs "%TARGET%"/);
  assert.equal(bat.match(/^call :full_id\r$/gm)?.length, 2, "upgrade/downgrade and stamp both look the number up");
});
