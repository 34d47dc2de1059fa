// The API documents itself from the schemas that validate it: every route is in
// /openapi.json with its request and response schemas, every operation refuses an invalid
// request with a 400 in the documented error shape and writes nothing, and /docs lists the
// operations in a real browser from local assets.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RouteOptions } from "fastify";
import { createApp } from "../../app/app.js";
import { openDatabase, type Database } from "../../app/database.js";
import { readCurrentRevisions, readHeadRevisions, readVersionTable } from "../../app/revisions.js";
import { migrate, ok } from "../support/cli.js";
import { freshPglite, type FreshPglite } from "../support/pglite.js";
import { client, TEST_SECRET } from "../support/server.js";

type Call = ReturnType<typeof client>;

interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema: Record<string, unknown> }> }>;
}

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ["get", "post", "put", "patch", "delete"];
const MISSING_ID = "00000000-0000-4000-8000-000000000000";
const TABLES = ["users", "bots", "training_data", "training_jobs", "conversations", "conversation_messages"] as const;

const EXPECTED_OPERATIONS = [
  "DELETE /api/v1/bots/{botId}",
  "DELETE /api/v1/bots/{botId}/training-data/{dataId}",
  "GET /api/v1/auth/me",
  "GET /api/v1/bots",
  "GET /api/v1/bots/{botId}",
  "GET /api/v1/bots/{botId}/conversations",
  "GET /api/v1/bots/{botId}/training-data",
  "GET /api/v1/bots/{botId}/training-jobs",
  "GET /api/v1/bots/{botId}/training-jobs/{jobId}",
  "GET /api/v1/conversations/{conversationId}",
  "GET /api/v1/conversations/{conversationId}/messages",
  "GET /health",
  "PATCH /api/v1/auth/me",
  "PATCH /api/v1/bots/{botId}",
  "POST /api/v1/auth/login",
  "POST /api/v1/auth/register",
  "POST /api/v1/bots",
  "POST /api/v1/bots/{botId}/conversations",
  "POST /api/v1/bots/{botId}/training-data",
  "POST /api/v1/bots/{botId}/training-jobs",
  "POST /api/v1/bots/{botId}/training-jobs/{jobId}/cancel",
  "POST /api/v1/conversations/{conversationId}/messages",
];

// Operations with no input at all: nothing in the request can be invalid.
const WITHOUT_INPUT = ["GET /api/v1/auth/me", "GET /health"];

const operations = (doc: OpenApi) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, operation })),
  );

const assertErrorShape = (body: unknown, code: string, what: string) => {
  const error = (body as { error?: Record<string, unknown> }).error;
  assert.ok(error, `${what}: no error object in ${JSON.stringify(body)}`);
  assert.equal(error.code, code, what);
  assert.equal(typeof error.message, "string", what);
  assert.deepEqual(Object.keys(error).filter((k) => !["code", "message", "details"].includes(k)), [], what);
};

describe("OpenAPI document and /docs", () => {
  let pglite: FreshPglite;
  let database: { db: Database; close(): Promise<void> };
  let app: ReturnType<typeof createApp>["app"];
  let baseUrl: string;
  let call: Call;
  let doc: OpenApi;
  const routes: RouteOptions[] = [];

  before(async () => {
    pglite = await freshPglite();
    ok(await migrate(pglite.url, "upgrade", "head"), "./migrate.sh upgrade head");
    database = await openDatabase(pglite.url);
    const heads = await readHeadRevisions();
    const versionTable = await readVersionTable();
    ({ app } = createApp({
      db: database.db,
      kind: "pglite",
      authSecret: TEST_SECRET,
      revisions: async () => ({ current: await readCurrentRevisions(database.db, versionTable), heads }),
      logLevel: "silent",
      startRunner: false,
    }));
    // The routes are added when the app boots, so this hook sees every one of them.
    app.addHook("onRoute", (route) => void routes.push(route));
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    if (address === null || typeof address === "string") throw new Error("no TCP address");
    baseUrl = `http://127.0.0.1:${address.port}`;
    call = client(baseUrl);
    const res = await call("GET", "/openapi.json");
    assert.equal(res.status, 200);
    doc = res.body;
  });

  after(async () => {
    await app?.close();
    await database?.close();
    await pglite?.cleanup();
  });

  test("GET /openapi.json is an OpenAPI 3.1 document listing exactly the API's operations", () => {
    assert.equal(doc.openapi, "3.1.0");
    assert.deepEqual(operations(doc).map((op) => op.key).sort(), EXPECTED_OPERATIONS);
  });

  test("every registered route is documented with its request and response schemas", () => {
    const served = routes.filter((route) => !(route.schema as { hide?: boolean } | undefined)?.hide && route.method !== "HEAD");
    const keys = served.flatMap((route) =>
      [route.method].flat().map((method) => `${method} ${route.url.replace(/:([A-Za-z]+)/g, "{$1}")}`),
    );
    assert.deepEqual(keys.sort(), EXPECTED_OPERATIONS);
    for (const route of served) {
      const key = `${String(route.method)} ${route.url.replace(/:([A-Za-z]+)/g, "{$1}")}`;
      const path = route.url.replace(/:([A-Za-z]+)/g, "{$1}");
      const operation = doc.paths[path]?.[String(route.method).toLowerCase()];
      assert.ok(operation, key);
      const schema = route.schema as { params?: { properties: object }; querystring?: { properties: object }; body?: object };
      const documented = (where: string) => (operation.parameters ?? []).filter((p) => p.in === where).map((p) => p.name).sort();
      assert.deepEqual(documented("path"), Object.keys(schema.params?.properties ?? {}).sort(), `${key}: path parameters`);
      assert.deepEqual(documented("query"), Object.keys(schema.querystring?.properties ?? {}).sort(), `${key}: query parameters`);
      for (const parameter of operation.parameters ?? []) assert.ok(parameter.schema.type ?? parameter.schema.format, `${key}: ${parameter.name}`);
      assert.equal(operation.requestBody !== undefined, schema.body !== undefined, `${key}: request body`);
      if (operation.requestBody) assert.ok(operation.requestBody.content["application/json"]?.schema.properties, `${key}: body schema`);
      const success = Object.keys(operation.responses).filter((status) => /^2/.test(status));
      assert.equal(success.length, 1, `${key}: one success response`);
      const status = success[0] as string;
      if (status !== "204") assert.ok(operation.responses[status]?.content?.["application/json"]?.schema, `${key}: ${status} schema`);
      for (const errorStatus of ["4XX", "5XX"]) {
        const errorSchema = operation.responses[errorStatus]?.content?.["application/json"]?.schema as
          | { properties: { error: { required: string[]; properties: Record<string, unknown> } } }
          | undefined;
        assert.ok(errorSchema, `${key}: ${errorStatus}`);
        assert.deepEqual(errorSchema.properties.error.required, ["code", "message"], `${key}: ${errorStatus}`);
        assert.deepEqual(Object.keys(errorSchema.properties.error.properties), ["code", "message", "details"], `${key}: ${errorStatus}`);
      }
    }
  });

  test("the documented user never has a password field, and the serializer enforces it", async () => {
    const registered = await call("POST", "/api/v1/auth/register", {
      body: { email: "doc@example.com", username: "doc", password: "doc-password-1" },
    });
    assert.equal(registered.status, 201);
    const schema = doc.paths["/api/v1/auth/register"]?.post?.responses["201"]?.content?.["application/json"]?.schema as {
      properties: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(registered.body).sort(), Object.keys(schema.properties).sort());
    assert.ok(!("password_hash" in schema.properties) && !("password" in schema.properties));
  });

  test("each operation answers one invalid request with a 400 in the documented shape, writing nothing", async () => {
    const login = await call("POST", "/api/v1/auth/register", {
      body: { email: "walker@example.com", username: "walker", password: "walker-password-1" },
    });
    assert.equal(login.status, 201);
    const token = (await call("POST", "/api/v1/auth/login", { body: { login: "walker", password: "walker-password-1" } })).body
      .access_token as string;
    const counts = async () =>
      Promise.all(TABLES.map(async (t) => Number((await database.db.selectFrom(t).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n)));
    const before = await counts();
    const skipped: string[] = [];
    for (const { key, method, path, operation } of operations(doc)) {
      const pathParams = (operation.parameters ?? []).filter((p) => p.in === "path");
      const hasQuery = (operation.parameters ?? []).some((p) => p.in === "query");
      let url: string;
      let body: unknown;
      let location: string;
      // Break exactly one part: the body if there is one, else the query, else a path id.
      if (operation.requestBody || hasQuery) {
        url = path.replace(/\{[A-Za-z]+\}/g, "00000000-0000-4000-8000-000000000000");
        if (operation.requestBody) {
          body = { not_a_field: true };
          location = "body";
        } else {
          url += "?limit=0";
          location = "querystring";
        }
      } else if (pathParams.length > 0) {
        url = path.replace(/\{[A-Za-z]+\}/g, "not-a-uuid");
        location = "params";
      } else {
        skipped.push(key);
        continue;
      }
      const res = await call(method, url, { token, ...(body === undefined ? {} : { body }) });
      assert.equal(res.status, 400, `${key}: ${JSON.stringify(res.body)}`);
      assertErrorShape(res.body, "VALIDATION_FAILED", key);
      const details = res.body.error.details as { location: string; path: string; message: string }[];
      assert.ok(details.length >= 1, key);
      assert.equal(details[0]?.location, location, key);
      assert.ok(operation.responses["4XX"], `${key}: 4XX documented`);
    }
    assert.deepEqual(skipped.sort(), WITHOUT_INPUT);
    assert.deepEqual(await counts(), before);
  });

  test("every text field, JSON field and query parameter refuses NUL, lone surrogates, deep JSON and impossible cursors: 4xx, nothing written", async () => {
    const password = "fuzzer-password-1";
    assert.equal((await call("POST", "/api/v1/auth/register", { body: { email: "fuzzer@example.com", username: "fuzzer", password } })).status, 201);
    const token = (await call("POST", "/api/v1/auth/login", { body: { login: "fuzzer", password } })).body.access_token as string;
    const bot = (await call("POST", "/api/v1/bots", { token, body: { name: "Fuzzed", is_public: true } })).body;
    const conversation = (await call("POST", `/api/v1/bots/${bot.id}/conversations`, { token })).body;
    const item = (await call("POST", `/api/v1/bots/${bot.id}/training-data`, { token, body: { source_type: "text", content: "x" } })).body;
    const job = (await call("POST", `/api/v1/bots/${bot.id}/training-jobs`, { token })).body;
    const pathIds: Record<string, string> = { botId: bot.id, conversationId: conversation.id, dataId: item.id, jobId: job.id };
    // A valid body per operation: each case below breaks exactly one field of it.
    const validBodies: Record<string, Record<string, unknown>> = {
      "POST /api/v1/auth/register": { email: "new@example.com", username: "newcomer", password: "new-password-1", full_name: "New" },
      "POST /api/v1/auth/login": { login: "fuzzer", password },
      "PATCH /api/v1/auth/me": { full_name: "Fuzzer", avatar_url: "https://example.com/a.png" },
      "POST /api/v1/bots": { name: "Another", description: "d", system_prompt: "p", model_name: "m", settings: { a: "b" } },
      "PATCH /api/v1/bots/{botId}": { name: "Renamed", description: "d", system_prompt: "p", model_name: "m", settings: { a: "b" } },
      "POST /api/v1/bots/{botId}/training-data": { source_type: "qa", question: "q?", content: "a", metadata: { a: "b" } },
      "POST /api/v1/bots/{botId}/conversations": { title: "t" },
      "POST /api/v1/conversations/{conversationId}/messages": { content: "hi" },
    };
    const counts = async () =>
      Promise.all(
        [...TABLES, "rate_limit_counters" as const].map(
          async (t) => Number((await database.db.selectFrom(t).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n),
        ),
      );
    const before = await counts();
    const refused: string[] = [];
    const expectRefusal = async (what: string, method: string, url: string, options: Parameters<Call>[2] & object, code?: string) => {
      const res = await call(method, url, { token, ...options });
      if (res.status < 400 || res.status >= 500 || typeof res.body?.error?.code !== "string" || (code !== undefined && res.body.error.code !== code)) {
        assert.fail(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      refused.push(what);
    };
    const deep = `${"[".repeat(40_000)}${"]".repeat(40_000)}`;
    const impossible = ["2026-02-30T00:00:00.000000Z", "0000-01-01T00:00:00.000000Z", "9999-99-99T00:00:00.000000Z", "2026-01-01T24:00:00.000000Z"].map((at) =>
      Buffer.from(JSON.stringify([at, "00000000-0000-4000-8000-000000000000"])).toString("base64url"),
    );
    const timeOrdered = ["GET /api/v1/bots", "GET /api/v1/bots/{botId}/training-data", "GET /api/v1/bots/{botId}/training-jobs", "GET /api/v1/bots/{botId}/conversations"];

    for (const { key, method, path, operation } of operations(doc)) {
      const url = path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => pathIds[name] as string);
      for (const parameter of (operation.parameters ?? []).filter((p) => p.in === "path")) {
        for (const bad of ["%00", "%ED%A0%80"]) {
          await expectRefusal(`${key} path ${parameter.name}=${bad}`, method, url.replace(pathIds[parameter.name] as string, bad), {});
        }
      }
      for (const parameter of (operation.parameters ?? []).filter((p) => p.in === "query")) {
        for (const bad of ["%00", "a%00b", "%ED%A0%80", "%EF%BF%BD"]) await expectRefusal(`${key} ?${parameter.name}=${bad}`, method, `${url}?${parameter.name}=${bad}`, {});
        if (parameter.name === "cursor" && timeOrdered.includes(key)) {
          for (const cursor of impossible) await expectRefusal(`${key} impossible cursor`, method, `${url}?cursor=${cursor}`, {}, "INVALID_CURSOR");
        }
      }
      if (!operation.requestBody) continue;
      const valid = validBodies[key];
      assert.ok(valid, `${key}: add a valid body to this test`);
      const properties = operation.requestBody.content["application/json"]?.schema.properties as Record<string, { type?: string; anyOf?: { type?: string }[] }>;
      const typeOf = (field: string) => {
        const schema = properties[field] ?? {};
        return [schema.type, ...(schema.anyOf ?? []).map((option) => option.type)];
      };
      for (const field of Object.keys(valid)) {
        const types = typeOf(field);
        const cases: [string, unknown][] = types.includes("string")
          ? [["NUL", "a\u0000b"], ["lone surrogate", "a\ud800b"], ["lone low surrogate", "\udc00"]]
          : types.includes("object")
            ? [["NUL in a value", { note: "a\u0000b" }], ["NUL in a key", { "k\u0000": 1 }], ["surrogate in a nested value", { list: [{ x: "\ud83d" }] }]]
            : [];
        assert.ok(cases.length > 0 || field === "source_type", `${key}: ${field} is neither text nor JSON`);
        for (const [what, value] of cases) {
          await expectRefusal(`${key} body ${field} ${what}`, method, url, { body: { ...valid, [field]: value } }, "VALIDATION_FAILED");
        }
        await expectRefusal(`${key} body ${field} nested 40,000 levels`, method, url, { rawBody: `{"${field}": ${deep}}` }, "JSON_TOO_DEEP");
      }
    }
    assert.deepEqual(Object.keys(validBodies).filter((key) => !operations(doc).some((op) => op.key === key && op.operation.requestBody)), []);
    assert.ok(refused.length > 150, `only ${refused.length} refusals`);
    assert.deepEqual(await counts(), before);
  });

  test("redocly's recommended rules find nothing to report in the document", async () => {
    const { createConfig, lintFromString } = await import("@redocly/openapi-core");
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: `${baseUrl}/openapi.json`, config });
    assert.deepEqual(
      problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? "?"}`),
      [],
    );
    const document = doc as unknown as { servers?: unknown[]; info: { license?: { name: string } } };
    assert.ok(document.servers && document.servers.length > 0);
    assert.equal(document.info.license?.name, "MIT");
    const ids = operations(doc).map((op) => (op.operation as { operationId?: string }).operationId);
    assert.ok(ids.every((id) => typeof id === "string"), "every operation has an operationId");
    assert.equal(new Set(ids).size, ids.length, "operationIds are unique");
    const start = doc.paths["/api/v1/bots/{botId}/conversations"]?.post?.requestBody as { required?: boolean } | undefined;
    assert.equal(start?.required, false, "starting a conversation needs no body");
  });

  test("the documented security is what the server enforces, operation by operation", async () => {
    const password = "security-password-1";
    assert.equal((await call("POST", "/api/v1/auth/register", { body: { email: "sec@example.com", username: "sec", password } })).status, 201);
    const token = (await call("POST", "/api/v1/auth/login", { body: { login: "sec", password } })).body.access_token as string;
    const bot = (await call("POST", "/api/v1/bots", { token, body: { name: "Guarded", is_public: true } })).body;
    const conversation = (await call("POST", `/api/v1/bots/${bot.id}/conversations`, { token })).body;
    const ids: Record<string, string> = { botId: bot.id, conversationId: conversation.id, dataId: MISSING_ID, jobId: MISSING_ID };
    const bodies: Record<string, unknown> = {
      "PATCH /api/v1/auth/me": { full_name: "S" },
      "POST /api/v1/bots": { name: "Other" },
      "PATCH /api/v1/bots/{botId}": { name: "Renamed" },
      "POST /api/v1/bots/{botId}/training-data": { source_type: "text", content: "x" },
      "POST /api/v1/conversations/{conversationId}/messages": { content: "hi" },
    };
    const levels: Record<string, string[]> = { public: [], optional: [], required: [] };
    for (const { key, method, path, operation } of operations(doc)) {
      const security = (operation as { security?: Record<string, string[]>[] }).security;
      assert.ok(security, `${key}: security is explicit`);
      const level = security.length === 0 ? "public" : security.some((item) => Object.keys(item).length === 0) ? "optional" : "required";
      levels[level]?.push(key);
      if (level === "public") continue;
      const url = path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => ids[name] as string);
      const body = bodies[key];
      const forged = await call(method, url, { token: `${token}x`, ...(body === undefined ? {} : { body }) });
      assert.deepEqual([forged.status, forged.body.error.code], [401, "UNAUTHORIZED"], `${key} with a bad token`);
      if (level === "required") {
        const anonymous = await call(method, url, body === undefined ? {} : { body });
        assert.deepEqual([anonymous.status, anonymous.body.error.code], [401, "UNAUTHORIZED"], `${key} without a token`);
      }
    }
    assert.deepEqual(levels.public?.sort(), ["GET /health", "POST /api/v1/auth/login", "POST /api/v1/auth/register"]);
    assert.deepEqual(levels.optional?.sort(), [
      "GET /api/v1/bots",
      "GET /api/v1/bots/{botId}",
      "GET /api/v1/conversations/{conversationId}",
      "GET /api/v1/conversations/{conversationId}/messages",
      "POST /api/v1/bots/{botId}/conversations",
      "POST /api/v1/conversations/{conversationId}/messages",
    ]);
  });

  test("GET /docs lists the operations in headless Chromium, from local assets only", async (t) => {
    const chromium = "/usr/bin/chromium";
    if (!existsSync(chromium)) {
      if (process.env.BACKEND_REQUIRE_BROWSER === "1") assert.fail(`BACKEND_REQUIRE_BROWSER=1 but ${chromium} is missing`);
      process.stderr.write(`\n!!! SKIPPED: the /docs browser test: ${chromium} is not installed (apt-get install chromium) !!!\n\n`);
      t.skip(`${chromium} is not installed`);
      return;
    }
    const { chromium: launcher } = await import("playwright-core");
    const profile = mkdtempSync(join(tmpdir(), "backend-chromium-"));
    const browser = await launcher.launchPersistentContext(profile, {
      executablePath: chromium,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on("request", (request) => void requested.push(request.url()));
      await page.goto(`${baseUrl}/docs`);
      await page.locator(".opblock").first().waitFor({ timeout: 60_000 });
      const listed = await page.$$eval(".opblock", (blocks) =>
        blocks.map((block) => {
          const method = block.querySelector(".opblock-summary-method")?.textContent ?? "";
          const path = block.querySelector(".opblock-summary-path")?.getAttribute("data-path") ?? "";
          return `${method.trim().toUpperCase()} ${path}`;
        }),
      );
      assert.deepEqual(listed.sort(), EXPECTED_OPERATIONS);
      const elsewhere = requested.filter((url) => !url.startsWith(baseUrl) && !url.startsWith("data:"));
      assert.deepEqual(elsewhere, []);
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
