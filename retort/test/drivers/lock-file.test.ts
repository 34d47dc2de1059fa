import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { acquireLockFile, LOCK_FILE_NAME } from "../../src/drivers/lock-file.js";

const root = mkdtempSync(join(tmpdir(), "retort-lock-"));
after(() => rmSync(root, { recursive: true, force: true }));
let count = 0;
const dirFor = () => join(root, `d${++count}`);

describe("the PGlite lock file", () => {
  test("creates the data directory and writes pid and host", () => {
    const dir = dirFor();
    const lock = acquireLockFile(dir);
    assert.equal(lock.path, join(dir, LOCK_FILE_NAME));
    assert.equal(readFileSync(lock.path, "utf8"), `${process.pid}\n${hostname()}\n`);
    lock.release();
    assert.equal(existsSync(lock.path), false);
  });

  test("a live holder on this machine is DATABASE_LOCKED with its pid", () => {
    const dir = dirFor();
    acquireLockFile(dir).release();
    writeFileSync(join(dir, LOCK_FILE_NAME), `${process.ppid}\n${hostname()}\n`);
    assert.throws(() => acquireLockFile(dir), {
      code: "DATABASE_LOCKED",
      message: `the PGlite database at ${dir} is open in another process (pid ${process.ppid})`,
      hint: `PGlite allows one process per data directory: stop the other process, or delete ${join(dir, LOCK_FILE_NAME)} if you are sure it is gone`,
    });
  });

  test("a holder on another machine cannot be checked and counts as live", () => {
    const dir = dirFor();
    acquireLockFile(dir).release();
    writeFileSync(join(dir, LOCK_FILE_NAME), "4242\nbuild-server-7\n");
    assert.throws(() => acquireLockFile(dir), {
      code: "DATABASE_LOCKED",
      message: `the PGlite database at ${dir} is open in another process (pid 4242 on build-server-7)`,
    });
  });

  test("releasing does not remove a lock that is no longer ours", () => {
    const dir = dirFor();
    const lock = acquireLockFile(dir);
    writeFileSync(lock.path, "4242\nbuild-server-7\n");
    lock.release();
    assert.equal(readFileSync(lock.path, "utf8"), "4242\nbuild-server-7\n");
  });
});
