// Every rule, in the order the README documents them and findings are listed.
import type { Rule } from "../types.js";
import { banChar, preferBigintKey, preferIdentity, preferText, preferTimestamptz } from "./column-types.js";
import { dropColumn, dropTable, enumReorder, renameColumn, renameTable } from "./compatibility.js";
import { checkNotValid, dropIndexNotConcurrent, foreignKeyNotValid, indexNotConcurrent, setNotNull, uniqueWithoutIndex } from "./locking.js";
import { dropViewWithDependents, replaceFunctionUsedByTrigger, rlsWithoutPolicy } from "./objects.js";
import { addRequiredColumn, typeChange, volatileDefault } from "./rewrites.js";
import { identifierTooLong, truncateCascade, unparseableSql, upgradeFailed } from "./statements.js";
import { concurrentlyInTransaction, missingLockTimeout, transactionControl } from "./transactions.js";

// Rules about PostgreSQL's own behaviour (locks, CONCURRENTLY, NOT VALID, rewrites, its
// types and limits): on another dialect they say nothing true, so they do not run there.
const postgres = (rule: Rule): Rule => ({ ...rule, dialects: ["postgres"] });

export const RULES: readonly Rule[] = [
  postgres(volatileDefault),
  addRequiredColumn,
  typeChange,
  postgres(indexNotConcurrent),
  postgres(dropIndexNotConcurrent),
  postgres(foreignKeyNotValid),
  postgres(checkNotValid),
  postgres(setNotNull),
  postgres(uniqueWithoutIndex),
  postgres(concurrentlyInTransaction),
  postgres(transactionControl),
  renameTable,
  renameColumn,
  dropTable,
  dropColumn,
  postgres(enumReorder),
  postgres(replaceFunctionUsedByTrigger),
  dropViewWithDependents,
  postgres(rlsWithoutPolicy),
  missingLockTimeout,
  postgres(preferText),
  postgres(banChar),
  preferBigintKey,
  postgres(preferIdentity),
  postgres(preferTimestamptz),
  postgres(identifierTooLong),
  postgres(truncateCascade),
  postgres(unparseableSql),
  upgradeFailed,
];

/** Not a rule over changes: a malformed `retort-lint-disable-next-line` comment. */
export const INVALID_SUPPRESSION = {
  id: "invalid-suppression",
  level: "error",
  reason: "a suppression comment must name known rules and say why, or it silences nothing and explains nothing",
  fix: "write `// retort-lint-disable-next-line RULE[,RULE] reason` on the line above the operation",
} as const;

export const RULE_IDS: ReadonlySet<string> = new Set([...RULES.map((rule) => rule.id), INVALID_SUPPRESSION.id]);
