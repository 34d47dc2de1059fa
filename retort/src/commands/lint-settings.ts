// What the config says to the linter, shared by lint, check --lint and autogenerate.
import { RetortError } from "../errors.js";
import { INVALID_SUPPRESSION, RULE_IDS, RULES, type Setting } from "../lint/index.js";
import type { Project } from "./project.js";

/** The config's rule levels, refusing ids that no rule has (a typo would silently lint nothing). */
export const lintSettings = (project: Project): Readonly<Record<string, Setting>> => {
  const rules = project.config.config.lint.rules;
  const unknown = Object.keys(rules).filter((id) => !RULE_IDS.has(id));
  if (unknown.length > 0) {
    throw new RetortError("CONFIG_INVALID", `${project.config.file ?? "config"}: lint.rules names unknown rule${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}`, {
      hint: `rule ids are ${[...RULES.map((r) => r.id), INVALID_SUPPRESSION.id].join(", ")}`,
    });
  }
  return rules;
};

/**
 * A lock timeout set for every migration by the config (the `lockTimeout` key of the
 * runtime's lock handling), read by name so that the linter works with or without it.
 */
export const configuredLockTimeout = (project: Project): boolean => {
  const value = (project.config.config as unknown as Record<string, unknown>).lockTimeout;
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== "0";
};
