// The config's `tenants`: a list or an (async) function, each entry checked before any
// tenant is touched, with one message naming the entry and what is wrong with it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { listTenants } from "../../src/config/tenants.js";
import type { ResolvedConfig } from "../../src/config/resolved.js";
import { isRetortError } from "../../src/errors.js";

const configWith = (tenants: unknown): ResolvedConfig =>
  ({ root: "/p", file: "/p/retort.config.ts", args: {}, config: { tenants } }) as unknown as ResolvedConfig;

const refused = (code: string, message: string) => (error: unknown) => {
  assert.ok(isRetortError(error));
  assert.equal(error.code, code);
  assert.equal(error.message, message);
  return true;
};

describe("listTenants", () => {
  test("a list and an async function give the same tenants, url and schema null where left out", async () => {
    const list = [{ name: "acme", schema: "tenant_acme" }, { name: "beta", url: "postgresql://h/beta", schema: "s" }];
    const expected = [
      { name: "acme", url: null, schema: "tenant_acme" },
      { name: "beta", url: "postgresql://h/beta", schema: "s" },
    ];
    assert.deepEqual(await listTenants(configWith(list)), expected);
    assert.deepEqual(await listTenants(configWith(async () => list)), expected);
  });

  test("a project without tenants is bad usage of --tenants", async () => {
    await assert.rejects(listTenants(configWith(null)), refused("USAGE", "--tenants needs the config's `tenants`, and this project has none"));
  });

  const cases: [string, unknown, string][] = [
    ["not an array", async () => ({ acme: {} }), '/p/retort.config.ts: "tenants" must be (or return) an array of tenants'],
    ["a duplicate name", [{ name: "a", schema: "x" }, { name: "a", schema: "y" }], '/p/retort.config.ts: "tenants" names the tenant "a" twice'],
    ["a name with a comma", [{ name: "a,b", schema: "x" }], '/p/retort.config.ts: "tenants" tenant "a,b" needs a name of letters, digits and _ . : @ - (no spaces or commas)'],
    ["an entry without a name", [{ schema: "x" }], '/p/retort.config.ts: "tenants" entry 1 needs a name of letters, digits and _ . : @ - (no spaces or commas)'],
    ["an unknown key", [{ name: "a", schema: "x", db: "y" }], '/p/retort.config.ts: "tenants" tenant "a" has unknown keys db (expected name, url, schema)'],
    ["an empty schema", [{ name: "a", schema: " " }], '/p/retort.config.ts: "tenants" tenant "a" has a schema that is not a non-empty string'],
    ["neither url nor schema", [{ name: "a" }], '/p/retort.config.ts: "tenants" tenant "a" needs a url (its database) or a schema (its schema), or both'],
    ["a throwing function", () => { throw new Error("catalog down"); }, '/p/retort.config.ts: the "tenants" function failed: catalog down'],
  ];
  for (const [what, tenants, message] of cases) {
    test(`refuses ${what}`, async () => {
      await assert.rejects(listTenants(configWith(tenants)), refused("CONFIG_INVALID", message));
    });
  }
});
