// The loader's surface: loading the user's TypeScript files (config, migrations, models).
export { loadModule, prepareModules, type LoadModuleOptions } from "./load-module.js";
export { libraryNamesUsed, loadLibrary } from "./evaluate.js";
export { COMPILE_TARGET } from "./compile-cache.js";
