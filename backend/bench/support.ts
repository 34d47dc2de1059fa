// What every backend benchmark needs: server processes on free ports, HTTP calls, the
// migrate script, and a scratch PostgreSQL database when a server answers.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const backendDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const pgServer = process.env.BENCH_PG_URL ?? "postgresql://root@127.0.0.1:5432/postgres";
export const secret = "bench-secret-".padEnd(48, "b");

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });

export const run = (command: string, args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: backendDir, env, stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited ${code}\n${errors}`))));
  });

/** Starts a server process and waits until it answers on its port. */
export const serve = async (script: string, env: NodeJS.ProcessEnv, probePath: string): Promise<{ child: ChildProcess; base: string }> => {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: backendDir, env: { ...env, PORT: String(port) }, stdio: "inherit" });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      if ((await fetch(`${base}${probePath}`)).status < 500) return { child, base };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`${script} did not start`);
};

export const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once("close", () => resolve());
    child.kill("SIGTERM");
  });

export const call = async (base: string, method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as Record<string, any>;
  if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
};

export const postgresDatabase = async (): Promise<{ url: string; drop(): Promise<void> } | undefined> => {
  const admin = new pg.Client({ connectionString: pgServer });
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  const name = `backend_bench_${process.pid}_${Date.now()}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pgServer);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = new pg.Client({ connectionString: pgServer });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
};

/** The q-th quantile (0..1) of some samples, nearest rank. */
export const quantile = (samples: readonly number[], q: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
};
