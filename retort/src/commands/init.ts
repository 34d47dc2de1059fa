// `retort init [folder]`: a new project in the working directory: retort.config.ts, the
// versions folder and the revision template. Never overwrites anything.
import { access, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { RetortError } from "../errors.js";
import { DEFAULT_TEMPLATE } from "../script/index.js";
import type { CommandContext } from "./context.js";
import { displayPath } from "./revision-info.js";

export interface InitOptions {
  /** The migrations folder, relative to the working directory; default "migrations". */
  readonly directory?: string;
}

export interface InitResult {
  readonly created: string[];
}

const CONFIG_FILE = "retort.config.ts";

/** The first comment of the config init writes: how other commands know the file is init's. */
export const INIT_CONFIG_MARK = "// The database: --url, then DATABASE_URL, then this; with none, embedded PGlite in";

const configSource = (directory: string): string => `import { defineConfig } from "retort-migrate";

export default defineConfig({
  ${INIT_CONFIG_MARK}
  // ./.retort/pglite. For a server: "postgresql://user@localhost:5432/app".
  // url: "pglite://./.retort/pglite",
  migrations: ${JSON.stringify(directory)},
});
`;

const exists = async (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

export const init = async (options: InitOptions, context: CommandContext): Promise<InitResult> => {
  const directory = options.directory ?? "migrations";
  const root = context.cwd;
  const files = {
    config: join(root, CONFIG_FILE),
    versions: join(root, directory, "versions"),
    template: join(root, directory, "script.ts.tmpl"),
  };
  const taken = [];
  for (const path of Object.values(files)) if (await exists(path)) taken.push(displayPath(root, path));
  if (taken.length > 0) {
    throw new RetortError("PROJECT_EXISTS", `init would overwrite ${taken.join(", ")}`, {
      hint: "this folder already has a retort project; remove those files first or run init in another folder",
    });
  }
  try {
    await mkdir(files.versions, { recursive: true });
    // "wx": fail rather than overwrite if something appeared since the check.
    await writeFile(files.template, DEFAULT_TEMPLATE, { flag: "wx" });
    await writeFile(files.config, configSource(directory), { flag: "wx" });
  } catch (error) {
    throw new RetortError("IO_FAILED", `init could not write its files: ${(error as Error).message}`, {
      hint: "check that the folder is writable",
      cause: error,
    });
  }
  return { created: [files.config, files.versions, files.template].map((path) => displayPath(root, path)) };
};
