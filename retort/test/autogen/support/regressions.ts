// Shrunk counterexamples of the property test, kept as fixed cases (see property.test.ts).
import type { Case } from "./changesets.js";

export const REGRESSIONS: Record<string, Case> = {};
