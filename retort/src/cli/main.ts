#!/usr/bin/env node
// The `retort` executable. Everything heavy is imported by the command that needs it.
import { installInterruptHandlers } from "./interrupt.js";
import { runCli } from "./run.js";

const write = (stream: NodeJS.WriteStream) => (text: string) => {
  stream.write(text);
};

installInterruptHandlers(write(process.stderr));

const status = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: write(process.stdout),
  stderr: write(process.stderr),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  stderrStream: process.stderr,
});

// Exit once the output is flushed: a long --sql script piped elsewhere must arrive whole,
// and an idle driver handle must not keep the process alive.
process.stdout.write("", () => {
  process.stderr.write("", () => process.exit(status));
});
