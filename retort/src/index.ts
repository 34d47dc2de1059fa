// The public API of retort-migrate. Each layer's index decides what it makes public.
export * from "./errors.js";
export * from "./schema/index.js";
export * from "./ops/index.js";
