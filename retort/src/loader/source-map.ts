// The source map of a file as the loader compiles it, read from the inline map that both
// load paths carry. `retort lint` maps the stack frames of a migration's op calls to lines
// of the .ts file with it; Node's own registry of maps cannot serve, because it lets a
// function-body module's map go with that module's holder once nothing references it.
import { compileModule, readSource, transpile } from "./compile-cache.js";

const INLINE = "//# sourceMappingURL=data:application/json;base64,";

/** The map's JSON payload, or undefined when the compiled code carries none. */
export const compiledSourceMap = async (path: string): Promise<unknown> => {
  const source = readSource(path);
  const compiled = await compileModule(path, source);
  // A file imported as a module is compiled by transpile, with the same options.
  const code = compiled.code ?? (await transpile(path, source));
  const at = code.lastIndexOf(INLINE);
  if (at < 0) return undefined;
  return JSON.parse(Buffer.from(code.slice(at + INLINE.length).trim(), "base64").toString("utf8"));
};
