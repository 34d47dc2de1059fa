// What `retort <command> --help` prints besides the usage line: one line per option, the
// target grammar where a command takes targets, and examples, as git's and Alembic's help
// do. Kept apart from the command table so the table stays about parsing and running;
// test/cli/help.test.ts checks that every option of every command is described here.
import type { CommandSpec } from "./command-table.js";

export interface CommandHelp {
  /** [flag as typed, what it does]; every option of the command, in the order of its usage. */
  readonly options: readonly (readonly [string, string])[];
  /** Whether the command's arguments are targets (prints the grammar). */
  readonly targets?: boolean;
  readonly examples: readonly string[];
}

const TARGETS = [
  "targets:",
  "  head, heads, base          the single head, every head, below the first revision",
  "  ae1027a6acf4, ae10         a revision id, or its first four or more characters",
  "  shop, shop@head            a branch label (its revision), the head of a branch",
  "  +2, -1                     relative to the database's current revision",
  "  ae10+2, head-1, shop@-1    relative to a revision, a head or a branch",
  "  from:to                    a range (history -r, and upgrade/downgrade with --sql)",
];

const HELP: Readonly<Record<string, CommandHelp>> = {
  init: {
    options: [["[folder]", "the migrations folder to create (default: migrations)"]],
    examples: ["retort init", "retort init db/migrations"],
  },
  revision: {
    options: [
      ["-m, --message <text>", "what the revision does; also names the file"],
      ["--autogenerate", "fill upgrade/downgrade by comparing the models with the database"],
      ["--rename old:new", "with --autogenerate: treat a dropped and an added name as a rename (repeatable)"],
      ["--no-rename old:new", "with --autogenerate: never pair these two as a rename (repeatable)"],
      ["--allow-empty", "with --autogenerate: write a file even when nothing differs"],
      ["--safe", "with --autogenerate: write the forms that keep a busy table available (concurrent indexes, NOT VALID then VALIDATE, ...)"],
      ["--rev-id <id>", "the new revision's id instead of a random one"],
      ["--head <rev>", "the revision to build on (default: the single head)"],
      ["--splice", "allow --head to name a revision that is not a head (starts a branch)"],
      ["--branch-label <label>", "give the new revision a branch label (repeatable)"],
      ["--depends-on <rev>", "a revision that must run before this one, without being its parent (repeatable)"],
      ["--version-path <dir>", "the versions folder to write to, when the config has several"],
    ],
    examples: ['retort revision -m "add users"', 'retort revision --autogenerate -m "add avatar" --rename users.pic:users.avatar'],
  },
  upgrade: {
    options: [
      ["[target]", "where to go (default: head)"],
      ["--sql", "print the SQL instead of running it (offline; a range from:to starts elsewhere than base)"],
      ["--lock-wait <duration>", "give up (exit 1) after waiting this long for another run's migration lock, e.g. 60s (default: wait)"],
      ["--strict", "stop (exit 2, nothing applied) when an applied migration's file was edited after it ran"],
      ["--tenants", "migrate every tenant of the config's `tenants`, each on its own lock; go on past a failing tenant, exit 1 if any failed"],
      ["--concurrency <n>", "with --tenants: how many tenants run at once (default: 4)"],
      ["--only <a,b>", "with --tenants: only these tenants"],
    ],
    targets: true,
    examples: ["retort upgrade", "retort upgrade +1", "retort upgrade ae10:head --sql > upgrade.sql", "retort upgrade head --tenants --concurrency 8"],
  },
  downgrade: {
    options: [
      ["[target]", "where to go (default: -1, one revision down)"],
      ["--sql", "print the SQL instead of running it (offline; needs a range from:to)"],
      ["--lock-wait <duration>", "give up (exit 1) after waiting this long for another run's migration lock, e.g. 60s (default: wait)"],
      ["--strict", "stop (exit 2, nothing applied) when an applied migration's file was edited after it ran"],
    ],
    targets: true,
    examples: ["retort downgrade", "retort downgrade base", "retort downgrade head:ae10 --sql"],
  },
  current: {
    options: [
      ["-v, --verbose", "show each revision in full"],
      ["--check-heads", "exit 1 unless the database is at every head"],
      ["--strict", "exit 2 when an applied migration's file was edited after it ran (default: a warning)"],
      ["--tenants", "each tenant of the config's `tenants` with its revision, and the tenants grouped by revision"],
      ["--concurrency <n>", "with --tenants: how many tenants are read at once (default: 4)"],
      ["--only <a,b>", "with --tenants: only these tenants"],
    ],
    examples: ["retort current", "retort current --check-heads", "retort current --tenants --check-heads"],
  },
  log: {
    options: [
      ["-n, --limit <N>", "only the newest N rows"],
      ["-r, --rev-range <from:to>", "only rows of the revisions in this range (as history -r)"],
      ["--accept <rev>", "record the current checksum of an applied migration after a deliberate edit"],
    ],
    targets: true,
    examples: ["retort log", "retort log -n 20 --json", "retort log -r ae10:head", "retort log --accept ae10"],
  },
  history: {
    options: [
      ["-r, --rev-range <from:to>", "only this range; either side may be empty, relative or `current`"],
      ["-v, --verbose", "show each revision in full"],
      ["-i, --indicate-current", "mark the revisions the database is at (reads the database)"],
      ["--graph", "draw the branches and merges beside the revisions"],
    ],
    targets: true,
    examples: ["retort history", "retort history -r -3:", "retort history -r ae10:head -i", "retort history --graph"],
  },
  graph: {
    options: [["--format mermaid|dot", "the source language to write (default: mermaid)"]],
    examples: ["retort graph > revisions.mmd", "retort graph --format dot | dot -Tsvg > revisions.svg"],
  },
  heads: {
    options: [["-v, --verbose", "show each head in full"]],
    examples: ["retort heads", "retort heads -v"],
  },
  branches: {
    options: [["-v, --verbose", "show each branch point in full"]],
    examples: ["retort branches"],
  },
  show: {
    options: [["<rev|current>", "the revision to show, or `current` for the database's"]],
    targets: true,
    examples: ["retort show head", "retort show ae10"],
  },
  stamp: {
    options: [
      ["<rev...>", "the revision(s) the version table should hold afterwards (`base` empties it)"],
      ["--purge", "delete every row first, even rows naming revisions no file defines"],
      ["--sql", "print the SQL instead of running it (offline, from base)"],
    ],
    targets: true,
    examples: ["retort stamp head", "retort stamp --purge ae1027a6acf4"],
  },
  merge: {
    options: [
      ["<revs...>", "the revisions to merge (`heads` for every head)"],
      ["-m, --message <text>", "what the merge is for; also names the file"],
      ["--rev-id <id>", "the new revision's id instead of a random one"],
      ["--branch-label <label>", "give the merge revision a branch label (repeatable)"],
    ],
    targets: true,
    examples: ['retort merge heads -m "merge shop and billing"'],
  },
  edit: {
    options: [["<rev|current>", "the revision whose file to open"]],
    targets: true,
    examples: ["retort edit head", "EDITOR=nano retort edit ae10"],
  },
  lint: {
    options: [
      ["[range]", "the migrations to lint, e.g. ae10:head (default: those the database has not applied)"],
      ["--all", "lint every migration, each judged on its own"],
      ["--format <text|json|github>", "output format; github writes workflow annotations"],
    ],
    examples: ["retort lint", "retort lint --all --format github"],
  },
  verify: {
    options: [
      ["[range]", "the revisions to verify: to (from base) or from:to (from applied unchecked, the ones after it checked); default base:head"],
      ["--shadow-url <url>", "replay on a throwaway database created on this PostgreSQL server (dropped after) instead of PGlite in memory"],
      ["--allow-multiple-heads", "verify a history with several heads instead of failing on it"],
    ],
    targets: true,
    examples: ["retort verify", "retort verify ae10:head --json", "retort verify --shadow-url postgresql://ci@localhost/postgres"],
  },
  squash: {
    options: [
      ["--to <rev>", "the last revision to squash: the new revision creates the schema the revisions from base to it build"],
      ["-m, --message <text>", "what the squash is; also names the file (default: squash to <rev>)"],
      ["--rev-id <id>", "the new revision's id instead of a random one"],
      ["--shadow-url <url>", "replay on a throwaway database of this PostgreSQL server instead of PGlite in memory"],
    ],
    targets: true,
    examples: ['retort squash --to ae10 -m "squash 2024"'],
  },
  check: {
    options: [
      ["--lint", "also run the linter on the pending operations"],
      ["--rename old:new", "treat a dropped and an added name as a rename (repeatable)"],
      ["--no-rename old:new", "never pair these two as a rename (repeatable)"],
      ["--history", "instead: exit 1 listing applied migrations edited since they ran, missing files, and unknown revisions"],
      ["--drift", "instead: compare the database with the schema its applied migrations produce (replayed in a shadow database), listing changes made outside migrations"],
      ["--shadow-url <url>", "with --drift: replay on a throwaway database of this server instead of the in-memory default (required on MySQL/MariaDB)"],
    ],
    examples: ["retort check", "retort check --json", "retort check --history", "retort check --drift"],
  },
  pull: {
    options: [
      ["-o, --output <dir>", "the folder for the model files (default: the config's models folder, else ./models)"],
      ["--per-table", "one file per table plus index.ts, instead of one index.ts"],
      ["--force", "overwrite model files that already exist"],
      ["--schema <name>", "read this schema instead of the config's `schemas` (repeatable; written into the config)"],
      ["--baseline", "also write a first revision creating exactly this schema and stamp the database at it (an Alembic database keeps its revision id)"],
      ["-m, --message <text>", "with --baseline: the revision's message (default: baseline)"],
      ["--rev-id <id>", "with --baseline: the revision's id instead of a random one (not for an Alembic database, whose id is kept)"],
      ["--shadow-url <url>", "with --baseline: autogenerate against a throwaway database of this PostgreSQL server instead of PGlite in memory"],
    ],
    examples: ["retort pull", "retort pull --schema sales --schema billing --per-table", "retort pull --baseline"],
  },
};

const GLOBAL = [
  "global options:",
  "  --url <url>                the database (default: DATABASE_URL, then the config's url, then ./.retort/pglite)",
  "  --config <file>            the config file (default: ./retort.config.ts)",
  "  -x key=value               an argument for the config function and migrations' op.context.args (repeatable)",
  "  --json                     print the result (or the error) as JSON on stdout",
  "  -v, --verbose              more detail, and stack traces on errors",
  "  -h, --help                 this help",
];

export const helpOf = (name: string): CommandHelp | undefined => HELP[name];

/** The full `retort <command> --help` text. */
export const commandHelp = (command: CommandSpec): string => {
  const help = HELP[command.name];
  const lines = [`usage: retort ${command.name} ${command.usage}`.trimEnd(), `  ${command.summary}`, ""];
  if (help !== undefined) {
    if (help.options.length > 0) {
      const width = Math.max(...help.options.map(([flag]) => flag.length), 24) + 2;
      lines.push("options:", ...help.options.map(([flag, text]) => `  ${flag.padEnd(width)} ${text}`), "");
    }
    if (help.targets === true) lines.push(...TARGETS, "");
    lines.push("examples:", ...help.examples.map((example) => `  ${example}`), "");
  }
  lines.push(...GLOBAL);
  return lines.join("\n");
};
