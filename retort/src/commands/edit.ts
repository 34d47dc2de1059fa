// `retort edit <rev|current>`: opens a revision's file in $VISUAL or $EDITOR and waits.
import { spawn } from "node:child_process";
import { RetortError } from "../errors.js";
import type { CommandContext } from "./context.js";
import { loadProject } from "./project.js";
import { resolveOrCurrent } from "./show.js";
import { displayPath } from "./revision-info.js";

export interface EditOptions {
  readonly revision: string;
}

export interface EditResult {
  readonly revision: string;
  readonly path: string;
  readonly editor: string;
}

/** Runs the editor with the terminal attached; resolves with its exit status. */
const runEditor = (editor: string, file: string, context: CommandContext): Promise<number | null> =>
  new Promise((resolvePromise, reject) => {
    // Through the shell, because $EDITOR is a command line ("code --wait", "vim -u NONE").
    const child = spawn(`${editor} "$RETORT_EDIT_FILE"`, {
      cwd: context.cwd,
      shell: true,
      stdio: "inherit",
      env: { ...context.env, RETORT_EDIT_FILE: file },
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => resolvePromise(signal === null ? code : null));
  });

export const edit = async (options: EditOptions, context: CommandContext): Promise<EditResult> => {
  const project = await loadProject(context);
  const ids = await resolveOrCurrent(project, options.revision, context);
  if (ids.length !== 1) {
    throw new RetortError(
      "MULTIPLE_HEADS",
      `'${options.revision}' is ${ids.length === 0 ? "no revision (the database is at base)" : `${ids.length} revisions: ${ids.join(", ")}`}; edit opens one file`,
      { hint: "name one revision, e.g. an id from `retort heads`" },
    );
  }
  const id = ids[0] as (typeof ids)[number];
  const script = project.revisions.get(id);
  if (script === undefined) {
    throw new RetortError("UNKNOWN_REVISION", `no migration file defines revision '${id}'`, {
      hint: "the database names a revision this versions folder does not have; check `retort history`",
    });
  }
  const editor = context.env.VISUAL || context.env.EDITOR;
  if (editor === undefined || editor === "") {
    throw new RetortError("EDITOR_FAILED", "no editor is set: neither $VISUAL nor $EDITOR", {
      hint: `set one (e.g. \`EDITOR=nano retort edit ${id}\`), or open ${displayPath(context.cwd, script.path)} yourself`,
    });
  }
  let status: number | null;
  try {
    status = await runEditor(editor, script.path, context);
  } catch (error) {
    throw new RetortError("EDITOR_FAILED", `could not start the editor '${editor}': ${(error as Error).message}`, {
      hint: "check $VISUAL / $EDITOR names a program on your PATH",
      cause: error,
    });
  }
  if (status !== 0) {
    throw new RetortError("EDITOR_FAILED", `the editor '${editor}' exited with ${status === null ? "a signal" : `status ${status}`}`, {
      hint: "check $VISUAL / $EDITOR; the file is unchanged unless the editor saved it",
    });
  }
  return { revision: id, path: displayPath(context.cwd, script.path), editor };
};
