// A server that requires a password: a throwaway PostgreSQL cluster with scram-sha-256 on
// TCP (the shared test server trusts 127.0.0.1, so it cannot ask for one), made with
// pg_createcluster and dropped afterwards. Where that tool is missing the suite is skipped
// with the reason.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ensureBuilt, retort, tempProject, writeProject } from "./harness.js";

const VERSION = (() => {
  try {
    return readdirSync("/usr/lib/postgresql").sort().at(-1);
  } catch {
    return undefined;
  }
})();
const PORT = 5600 + Math.floor(Math.random() * 300);
const CLUSTER = `retort_pw_${process.pid}`;
const PASSWORD = "s3cret-Pw";

const sh = (command: string, args: readonly string[]) => spawnSync(command, args, { encoding: "utf8" });

const skip = ((): string | false => {
  if (process.platform !== "linux" || VERSION === undefined) return "no /usr/lib/postgresql here";
  if (sh("which", ["pg_createcluster"]).status !== 0) return "pg_createcluster is not installed";
  return false;
})();

describe("connecting to a server that requires a password", { skip }, () => {
  const project = tempProject("password");
  const home = mkdtempSync(join(tmpdir(), "retort-home-"));
  const url = `postgresql://retort_pw@127.0.0.1:${PORT}/postgres`;

  before(() => {
    ensureBuilt();
    writeProject(project.dir);
    const made = sh("pg_createcluster", [VERSION!, CLUSTER, "-p", String(PORT), "--start", "--", "--auth-host=scram-sha-256", "--auth-local=trust"]);
    assert.equal(made.status, 0, `pg_createcluster failed: ${made.stderr}`);
    const role = sh("psql", ["-X", "-q", "-h", "/var/run/postgresql", "-p", String(PORT), "-U", "postgres", "-d", "postgres", "-c", `create role retort_pw login password '${PASSWORD}'`]);
    assert.equal(role.status, 0, `create role failed: ${role.stderr}`);
  });
  after(() => {
    sh("pg_dropcluster", [VERSION!, CLUSTER, "--stop"]);
    project.remove();
    rmSync(home, { recursive: true, force: true });
  });

  const env = { HOME: home, PGPASSWORD: undefined, PGPASSFILE: undefined };

  test("a URL without a password: says the server asked for one, and where one can come from", async () => {
    const result = await retort(project.dir, ["current", "--url", url], { env });
    assert.equal(result.status, 1);
    assert.equal(
      result.stderr,
      `error: could not connect to PostgreSQL at 127.0.0.1:${PORT} (database postgres): the server asked for a password and the URL has none\n` +
        "hint: put the password in the URL (postgresql://user:password@host/db), or set PGPASSWORD, or add a line host:port:database:user:password to ~/.pgpass (mode 0600)\n",
    );
  });

  test("~/.pgpass supplies it, with no warning from the driver on the terminal", async () => {
    const file = join(home, ".pgpass");
    writeFileSync(file, `# retort test\nother:5432:*:*:nope\n127.0.0.1:${PORT}:*:retort_pw:${PASSWORD}\n`);
    chmodSync(file, 0o600);
    try {
      const result = await retort(project.dir, ["current", "--url", url], { env });
      assert.equal(result.stderr, "");
      assert.equal(result.status, 0);
      assert.equal(result.stdout, "");
    } finally {
      rmSync(file);
    }
  });

  test("a ~/.pgpass that others can read is ignored, as libpq ignores it", async () => {
    const file = join(home, ".pgpass");
    writeFileSync(file, `127.0.0.1:${PORT}:*:retort_pw:${PASSWORD}\n`);
    chmodSync(file, 0o644);
    try {
      const result = await retort(project.dir, ["current", "--url", url], { env });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /the server asked for a password and the URL has none/);
    } finally {
      rmSync(file);
    }
  });

  test("PGPASSWORD supplies it", async () => {
    const result = await retort(project.dir, ["current", "--url", url], { env: { ...env, PGPASSWORD: PASSWORD } });
    assert.equal(result.stderr, "");
    assert.equal(result.status, 0);
  });

  test("a wrong password in the URL is a failed authentication, and the password is not printed", async () => {
    const result = await retort(project.dir, ["current", "--url", `postgresql://retort_pw:wrong-pw@127.0.0.1:${PORT}/postgres`], { env });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error: could not connect to PostgreSQL at 127\.0\.0\.1:\d+ \(database postgres\): password authentication failed for user "retort_pw"\n/);
    assert.doesNotMatch(result.stderr + result.stdout, /wrong-pw/);
  });
});
