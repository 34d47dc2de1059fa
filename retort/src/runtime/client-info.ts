// Who runs retort, for the applied-migration log: the client's OS user and host name and
// retort's own version, read once per process.
import { readFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";

export interface ClientInfo {
  readonly osUser: string | null;
  readonly host: string | null;
  readonly retortVersion: string;
}

let cached: ClientInfo | undefined;

const osUser = (): string | null => {
  try {
    return userInfo().username;
  } catch {
    // A uid with no passwd entry (some containers) has no name.
    return process.env.USER ?? process.env.USERNAME ?? null;
  }
};

const retortVersion = (): string => {
  // src/runtime and dist/runtime are both two folders below the package.
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
};

export const clientInfo = (): ClientInfo => {
  cached ??= { osUser: osUser(), host: hostname() || null, retortVersion: retortVersion() };
  return cached;
};
