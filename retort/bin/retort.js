#!/usr/bin/env node
// The installed `retort` command. It exists before the first build (npm links bins at
// install time), and hands over to the compiled CLI.
import { existsSync } from "node:fs";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("error: retort is not built yet\nhint: run `npm run build` in the repository root\n");
  process.exit(1);
}
await import(main.href);
