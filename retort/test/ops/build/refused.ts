// The one shape of a builder's refusal: INVALID_OPERATION with this exact message and hint.
import assert from "node:assert/strict";
import { RetortError } from "../../../src/errors.js";

export const refused = (build: () => unknown, message: string, hint: string): void => {
  assert.throws(build, (error: unknown) => {
    assert.ok(error instanceof RetortError, `expected a RetortError, got ${String(error)}`);
    assert.equal(error.code, "INVALID_OPERATION");
    assert.equal(error.message, message);
    assert.equal(error.hint, hint);
    return true;
  });
};
