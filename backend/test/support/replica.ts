// The server as a real process (`node --import tsx app/main.ts`), on an ephemeral port,
// configured only through its environment, the way a replica is deployed.
import { spawn, type ChildProcess } from "node:child_process";
import { backendDir, scriptEnv } from "./cli.js";

export const REPLICA_SECRET = "replica-test-secret-".padEnd(48, "r");

export interface Replica {
  readonly child: ChildProcess;
  readonly port: number;
  readonly baseUrl: string;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
  /** SIGTERM, then the exit. */
  stop(): Promise<void>;
}

export const startReplica = (databaseUrl: string, env: NodeJS.ProcessEnv = {}): Promise<Replica> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "app/main.ts"], {
      cwd: backendDir,
      env: scriptEnv(databaseUrl, { PORT: "0", HOST: "127.0.0.1", AUTH_SECRET: REPLICA_SECRET, ...env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let listening = false;
    const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /"msg":"Server listening at http:\/\/127\.0\.0\.1:(\d+)"/.exec(output);
      if (match && !listening) {
        listening = true;
        const port = Number(match[1]);
        resolve({
          child,
          port,
          baseUrl: `http://127.0.0.1:${port}`,
          output: () => output,
          exited,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
            await exited;
          },
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => {
      if (!listening) reject(new Error(`the server exited ${code} before listening:\n${output}`));
    });
  });
