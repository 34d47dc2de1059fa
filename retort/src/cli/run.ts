// argv -> command -> text or JSON and an exit status. The only place that decides what a
// failure means for the shell: 2 for bad input (nothing was applied), 1 for an operation
// that failed, 0 otherwise.
import { readFileSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Writable } from "node:stream";
import type { CommandContext } from "../commands/context.js";
import { RetortError, isRetortError } from "../errors.js";
import { COMMANDS, findCommand, type CommandSpec } from "./command-table.js";
import { createProgress } from "./progress.js";
import { signalExitCode } from "./interrupt.js";
import { interruptedBy } from "../commands/interrupt.js";
import { createStyle, type Style } from "./style.js";

export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** The terminal behind stderr, for a live progress line; only used when stderrIsTTY. */
  readonly stderrStream?: Writable;
}

const GLOBAL_OPTIONS = {
  url: { type: "string" },
  config: { type: "string" },
  json: { type: "boolean" },
  verbose: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" },
  x: { type: "string", short: "x", multiple: true },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

const GLOBAL_USAGE = "global options: --url <url>  --config <file>  -x key=value  --json  -v, --verbose  -h, --help";

/** `-x key=value`, repeatable: the run's arguments for a config function and migrations. */
const parseXArgs = (values: readonly (string | boolean)[] | undefined, command: CommandSpec): Record<string, string> => {
  const args: Record<string, string> = {};
  for (const item of values ?? []) {
    const text = String(item);
    const at = text.indexOf("=");
    if (at <= 0) {
      throw usageError(`-x takes key=value, not '${text}' (\`retort ${command.name}\`)`, commandUsage(command));
    }
    args[text.slice(0, at)] = text.slice(at + 1);
  }
  return args;
};

const version = (): string => {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
};

const topUsage = (): string =>
  [
    "usage: retort <command> [options]",
    "",
    "commands:",
    ...COMMANDS.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`),
    "",
    GLOBAL_USAGE,
    "run `retort <command> --help` for a command's options",
  ].join("\n");

const commandUsage = (command: CommandSpec): string =>
  [`usage: retort ${command.name} ${command.usage}`.trimEnd(), `  ${command.summary}`, GLOBAL_USAGE].join("\n");

// Relative targets ("-1", "-2") and ranges starting with one ("-2:", "-3:head") look like
// short options to parseArgs; they are shielded by a prefix that no flag can start with,
// and restored, as positionals or as option values (`history -r -2:`).
const SHIELD = "\u0000";
const isRelativeTarget = (arg: string): boolean => /^-\d+(:.*)?$/.test(arg);
const unshield = (arg: string): string => (arg.startsWith(SHIELD) ? arg.slice(SHIELD.length) : arg);

const usageError = (message: string, usage: string): RetortError =>
  new RetortError("USAGE", message, { hint: usage.split("\n")[0], details: { usage } });

const parseError = (error: unknown, command: CommandSpec): RetortError => {
  const text = error instanceof Error ? error.message : String(error);
  const option = /'([^']+)'/.exec(text)?.[1];
  const code = (error as { code?: string }).code;
  const usage = commandUsage(command);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return usageError(`unknown option '${option}' for \`retort ${command.name}\``, usage);
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return usageError(`option '${option?.replace(/ <value>$/, "")}' of \`retort ${command.name}\` ${/argument missing/.test(text) ? "needs a value" : "takes no value"}`, usage);
  }
  return usageError(`${text.split("\n")[0]} (\`retort ${command.name}\`)`, usage);
};

interface Parsed {
  readonly command: CommandSpec;
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
}

const parseCommand = (command: CommandSpec, args: readonly string[]): Parsed => {
  let parsed;
  try {
    parsed = parseArgs({
      args: args.map((arg) => (isRelativeTarget(arg) ? SHIELD + arg : arg)),
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw parseError(error, command);
  }
  const positionals = parsed.positionals.map(unshield);
  const values = Object.fromEntries(
    Object.entries(parsed.values).map(([key, value]) => [
      key,
      typeof value === "string" ? unshield(value) : Array.isArray(value) ? value.map((v) => (typeof v === "string" ? unshield(v) : v)) : value,
    ]),
  ) as Parsed["values"];
  if (values.help !== true) {
    const { min, max, names } = command.positionals;
    if (positionals.length < min) {
      throw usageError(`\`retort ${command.name}\` needs ${names}`, commandUsage(command));
    }
    if (positionals.length > max) {
      const extra = positionals.slice(max).join(" ");
      throw usageError(`unexpected argument${positionals.length - max > 1 ? "s" : ""} '${extra}' for \`retort ${command.name}\``, commandUsage(command));
    }
  }
  return { command, values, positionals };
};

const exitCodeOf = (error: unknown): number => {
  if (!isRetortError(error)) return 1;
  if (error.code === "INTERRUPTED") return signalExitCode(error.details?.signal as NodeJS.Signals);
  return error.kind === "input" ? 2 : 1;
};

const errorJson = (error: unknown): unknown =>
  isRetortError(error)
    ? { code: error.code, kind: error.kind, message: error.message, hint: error.hint ?? null, details: error.details ?? null }
    : { code: "INTERNAL", kind: "failure", message: error instanceof Error ? error.message : String(error), hint: null, details: null };

const reportError = (error: unknown, io: CliIo, style: Style, verbose: boolean, usage: string | undefined): void => {
  const lines: string[] = [];
  if (isRetortError(error)) {
    lines.push(`${style.red("error:")} ${error.message}`);
    if (error.hint !== undefined) lines.push(`${style.dim("hint:")} ${error.hint}`);
  } else {
    // Not one of ours: a bug, or something the runtime did not anticipate.
    const message = error instanceof Error ? error.message : String(error);
    lines.push(`${style.red("error:")} unexpected failure: ${message.split("\n")[0]}`);
    lines.push(`${style.dim("hint:")} run again with --verbose for the stack trace, and report it if it persists`);
  }
  if (usage !== undefined) lines.push(usage);
  if (verbose) {
    let current: unknown = error;
    while (current instanceof Error) {
      lines.push(style.dim(current.stack ?? String(current)));
      current = current.cause;
      if (current !== undefined) lines.push(style.dim("caused by:"));
    }
  }
  io.stderr(`${lines.join("\n")}\n`);
};

/** `retort --url X upgrade` means `retort upgrade --url X`: global flags may lead. */
const commandFirst = (argv: readonly string[]): string[] => {
  const leading: string[] = [];
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index] as string;
    if (arg === "--url" || arg === "--config") {
      leading.push(...argv.slice(index, index + 2));
      index += 2;
    } else if (/^--(url|config)=/.test(arg) || arg === "--json" || arg === "--verbose" || arg === "-v") {
      leading.push(arg);
      index += 1;
    } else break;
  }
  if (index >= argv.length) return [...argv];
  return [argv[index] as string, ...leading, ...argv.slice(index + 1)];
};

/** Runs one CLI invocation; resolves with the exit status. Never throws. */
export const runCli = async (rawArgv: readonly string[], io: CliIo): Promise<number> => {
  const errStyle = createStyle(io.stderrIsTTY, io.env);
  const argv = commandFirst(rawArgv);
  const name = argv[0];
  const wantsJson = argv.includes("--json");
  const verbose = argv.includes("--verbose") || argv.includes("-v");
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(`${topUsage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version") {
    io.stdout(`${version()}\n`);
    return 0;
  }
  const command = findCommand(name);
  if (command === undefined) {
    const error = new RetortError(
      "USAGE",
      name.startsWith("-") ? `'${name}' must come after a command` : `unknown command '${name}'`,
      { hint: `run \`retort --help\` for the list: ${COMMANDS.map((c) => c.name).join(", ")}` },
    );
    if (wantsJson) io.stdout(`${JSON.stringify({ ok: false, error: errorJson(error) }, null, 2)}\n`);
    reportError(error, io, errStyle, verbose, undefined);
    return 2;
  }
  let parsed: Parsed;
  try {
    parsed = parseCommand(command, argv.slice(1));
  } catch (error) {
    if (wantsJson) io.stdout(`${JSON.stringify({ ok: false, error: errorJson(error) }, null, 2)}\n`);
    reportError(error, io, errStyle, false, undefined);
    return exitCodeOf(error);
  }
  const { values } = parsed;
  if (values.help === true) {
    const { commandHelp } = await import("./help.js");
    io.stdout(`${commandHelp(command)}\n`);
    return 0;
  }
  let args: Record<string, string>;
  try {
    args = parseXArgs(values.x as (string | boolean)[] | undefined, command);
  } catch (error) {
    if (wantsJson) io.stdout(`${JSON.stringify({ ok: false, error: errorJson(error) }, null, 2)}\n`);
    reportError(error, io, errStyle, false, undefined);
    return exitCodeOf(error);
  }
  const json = values.json === true;
  const progress = createProgress(io.stderr, errStyle, io.stderrIsTTY && io.env.NO_COLOR === undefined ? io.stderrStream : undefined);
  const context: CommandContext = {
    cwd: io.cwd,
    env: io.env,
    ...(typeof values.config === "string" ? { configPath: values.config } : {}),
    ...(typeof values.url === "string" ? { url: values.url } : {}),
    ...(Object.keys(args).length === 0 ? {} : { args }),
    report: (event) => progress.report(event),
  };
  try {
    const result = await command.run({ values, positionals: parsed.positionals }, context);
    if (json) io.stdout(`${JSON.stringify({ ok: true, result }, null, 2)}\n`);
    else {
      const lines = await command.text(result, { verbose: values.verbose === true, style: createStyle(io.stdoutIsTTY, io.env) });
      if (lines.length > 0) io.stdout(`${lines.join("\n")}\n`);
    }
    // A run that a signal stopped part-way (tenants) says so by its status, as one that threw does.
    const signal = interruptedBy();
    if (signal !== null) return signalExitCode(signal);
    return command.exitCode?.(result) ?? 0;
  } catch (error) {
    progress.finish();
    if (json) io.stdout(`${JSON.stringify({ ok: false, error: errorJson(error) }, null, 2)}\n`);
    reportError(error, io, errStyle, values.verbose === true, undefined);
    return exitCodeOf(error);
  }
};
