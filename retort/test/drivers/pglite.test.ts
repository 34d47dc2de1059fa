import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { connect } from "../../src/drivers/connect.js";
import { LOCK_FILE_NAME } from "../../src/drivers/lock-file.js";
import type { Connection } from "../../src/drivers/types.js";
import { isRetortError } from "../../src/errors.js";
import { freshPgliteDir } from "../support/pglite.js";

const fixture = fileURLToPath(new URL("./fixtures/open-pglite.ts", import.meta.url));
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Runs the fixture in a new process and resolves with its first JSON line. */
const openInChild = (dir: string, mode: "hold" | "once"): Promise<{ child: ChildProcess; report: Record<string, unknown> }> => {
  const child = spawn(process.execPath, ["--import", "tsx", fixture, dir, mode], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve({ child, report: JSON.parse(line) as Record<string, unknown> }));
    child.once("exit", (code) => reject(new Error(`fixture exited with ${code} before reporting`)));
  });
};

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));

const target = (dir: string) => ({ kind: "pglite" as const, dataDir: dir, display: `pglite://${dir}` });

describe("PGlite connection", () => {
  // One in-memory instance shared by the first two tests: creating one takes seconds.
  let memory: Connection | undefined;
  after(() => memory?.close());

  test("runs multi-statement SQL, binds parameters and reports row counts", async () => {
    const db = await connect({ kind: "pglite", dataDir: null, display: "pglite://memory" });
    memory = db;
    assert.equal(db.kind, "pglite");
    await db.exec("create table t (id int primary key, name text); insert into t values (1, 'a'), (2, 'b');");
    const selected = await db.query<{ id: number; name: string }>("select id, name from t where id >= $1 order by id", [1]);
    assert.deepEqual(selected, { rows: [{ id: 1, name: "a" }, { id: 2, name: "b" }], rowCount: 2 });
    const updated = await db.query("update t set name = $1 where id = $2", ["z", 2]);
    assert.deepEqual(updated, { rows: [], rowCount: 1 });
  });

  test("a database error keeps its own message, SQLSTATE code and position", async () => {
    const db = memory;
    assert.ok(db !== undefined, "needs the connection of the previous test");
    try {
      await assert.rejects(db.exec("create table u (a int); select nope from u;"), (error: Error & { code?: string; position?: string }) => {
        assert.equal(isRetortError(error), false);
        assert.equal(error.message, 'column "nope" does not exist');
        assert.equal(error.code, "42703");
        // The position counts from the start of the whole multi-statement string.
        assert.equal(error.position, "32");
        return true;
      });
    } finally {
      await db.close();
      memory = undefined;
    }
  });

  test("holds a lock file with its pid and host while open, and removes it on close", async () => {
    const dir = await freshPgliteDir();
    const lock = join(dir, LOCK_FILE_NAME);
    const db = await connect(target(dir));
    assert.equal(readFileSync(lock, "utf8"), `${process.pid}\n${hostname()}\n`);
    await assert.rejects(connect(target(dir)), {
      code: "DATABASE_LOCKED",
      message: `the PGlite database at ${dir} is open by this process`,
    });
    await db.close();
    assert.equal(existsSync(lock), false);
  });

  test("a second process opening the same directory gets DATABASE_LOCKED naming the holder", async () => {
    const dir = await freshPgliteDir();
    const db: Connection = await connect(target(dir));
    try {
      const { report } = await openInChild(dir, "once");
      assert.deepEqual(report, {
        code: "DATABASE_LOCKED",
        message: `the PGlite database at ${dir} is open in another process (pid ${process.pid})`,
      });
    } finally {
      await db.close();
    }
  });

  test("a lock left by a process that was SIGKILLed is stale and taken over", async () => {
    const dir = await freshPgliteDir();
    const { child, report } = await openInChild(dir, "hold");
    assert.deepEqual(report, { opened: true, pid: child.pid });
    await assert.rejects(connect(target(dir)), {
      code: "DATABASE_LOCKED",
      message: `the PGlite database at ${dir} is open in another process (pid ${child.pid})`,
    });
    child.kill("SIGKILL");
    await exited(child);
    assert.equal(readFileSync(join(dir, LOCK_FILE_NAME), "utf8"), `${child.pid}\n${hostname()}\n`);
    const db = await connect(target(dir));
    try {
      assert.equal(readFileSync(join(dir, LOCK_FILE_NAME), "utf8"), `${process.pid}\n${hostname()}\n`);
      assert.deepEqual((await db.query("select 1 as one")).rows, [{ one: 1 }]);
    } finally {
      await db.close();
    }
  });

  test("a directory that is not a PGlite data directory is CONNECTION_FAILED, and the lock is released", async () => {
    const dir = await freshPgliteDir();
    writeFileSync(join(dir, "PG_VERSION"), "99\n");
    await assert.rejects(connect(target(dir)), {
      code: "CONNECTION_FAILED",
      message: `could not open the PGlite database at ${dir}: PGlite failed to initialize properly`,
    });
    assert.equal(existsSync(join(dir, LOCK_FILE_NAME)), false);
  });

  test("a half-written lock file (no pid) counts as stale", async () => {
    const dir = await freshPgliteDir();
    writeFileSync(join(dir, LOCK_FILE_NAME), "");
    const db = await connect(target(dir));
    await db.close();
    assert.equal(existsSync(join(dir, LOCK_FILE_NAME)), false);
  });
});

describe("PGlite extensions (the config's pgliteExtensions)", () => {
  test("a contrib extension named in the target is loaded with the instance, so CREATE EXTENSION works", async () => {
    const dir = await freshPgliteDir();
    const db = await connect({ ...target(dir), extensions: ["pg_trgm"] });
    try {
      await db.exec("create extension pg_trgm");
      assert.deepEqual((await db.query("select similarity('wifi', 'wifi') as same, 'word' % 'words' as close")).rows, [{ same: 1, close: true }]);
    } finally {
      await db.close();
    }
  });

  test("without it PGlite refuses CREATE EXTENSION", async () => {
    const dir = await freshPgliteDir();
    const db = await connect(target(dir));
    try {
      await assert.rejects(db.exec("create extension pg_trgm"), /pg_trgm/);
    } finally {
      await db.close();
    }
  });

  test("an extension PGlite does not ship is CONFIG_INVALID, before the directory is locked", async () => {
    const dir = await freshPgliteDir();
    await assert.rejects(connect({ ...target(dir), extensions: ["no_such_thing"] }), {
      code: "CONFIG_INVALID",
      message: 'PGlite has no contrib extension "no_such_thing" (pgliteExtensions in the config)',
    });
    assert.equal(existsSync(join(dir, LOCK_FILE_NAME)), false);
  });
});
