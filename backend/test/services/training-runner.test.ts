// A long training job must not take the server with it. On PGlite one connection and one
// event loop serve both the job and the requests: the runner works in short batches and
// yields between them, so requests are answered while the job runs and a cancel stops it
// part way. Asserted as behaviour (what was answered while the job was still running, how
// many rows were left), not as timings that would flake on a loaded machine.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readHeadRevisions } from "../../app/revisions.js";
import { nextBatchSize, BATCH_TARGET_MS } from "../../app/services/training-runner.js";
import { migrate, ok } from "../support/cli.js";
import { databaseTargets } from "../support/database-targets.js";
import { client, startServer, type RunningServer } from "../support/server.js";

const ITEMS = 2000;

describe("nextBatchSize", () => {
  test("doubles while a batch takes under half the target, halves over it, keeps within 1..500", () => {
    assert.equal(nextBatchSize(4, BATCH_TARGET_MS / 4), 8);
    assert.equal(nextBatchSize(8, BATCH_TARGET_MS * 0.75), 8);
    assert.equal(nextBatchSize(8, BATCH_TARGET_MS * 3), 4);
    assert.equal(nextBatchSize(1, BATCH_TARGET_MS * 50), 1);
    assert.equal(nextBatchSize(500, 0), 500);
  });
});

for (const target of await databaseTargets("backend_runner")) {
  describe(`a ${ITEMS}-item training job on ${target.label}`, { skip: target.skip }, () => {
    let provisioned: { url: string; cleanup: () => Promise<void> };
    let server: RunningServer;
    let botId = "";
    let token = "";

    before(async () => {
      provisioned = await target.provision();
      ok(await migrate(provisioned.url, "upgrade", "head"), "./migrate.sh upgrade head");
      server = await startServer(provisioned.url, { heads: await readHeadRevisions() });
      const call = client(server.baseUrl);
      assert.equal((await call("POST", "/api/v1/auth/register", { body: { email: "t@example.com", username: "trainer", password: "trainer-password" } })).status, 201);
      token = (await call("POST", "/api/v1/auth/login", { body: { login: "trainer", password: "trainer-password" } })).body.access_token;
      botId = (await call("POST", "/api/v1/bots", { token, body: { name: "big" } })).body.id;
      const rows = Array.from({ length: ITEMS }, (_, i) =>
        i % 2 === 0
          ? { bot_id: botId, source_type: "qa" as const, question: `Question number ${i}?`, content: `Answer number ${i}.` }
          : { bot_id: botId, source_type: "text" as const, content: `Paragraph ${i} of the handbook, long enough to be a passage of its own.\n\nAnd a second paragraph for item ${i}.` },
      );
      for (let at = 0; at < rows.length; at += 500) await server.db.insertInto("training_data").values(rows.slice(at, at + 500)).execute();
    });

    after(async () => {
      await server?.close();
      await provisioned?.cleanup();
    });

    test("GET /health is answered while the job runs, and a cancel stops it with rows left", async () => {
      const call = client(server.baseUrl);
      const job = await call("POST", `/api/v1/bots/${botId}/training-jobs`, { token });
      assert.equal(job.status, 201);
      const running = server.runner.drain();

      const health = await call("GET", "/health");
      assert.equal(health.status, 200);
      const during = await call("GET", `/api/v1/bots/${botId}/training-jobs/${job.body.id}`, { token });
      assert.equal(during.body.status, "running", "the health check was answered before the job ended");

      const cancel = await call("POST", `/api/v1/bots/${botId}/training-jobs/${job.body.id}/cancel`, { token });
      assert.equal(cancel.status, 200);
      assert.equal(cancel.body.status, "cancelled");
      assert.equal(await running, 1);

      const final = await call("GET", `/api/v1/bots/${botId}/training-jobs/${job.body.id}`, { token });
      assert.equal(final.body.status, "cancelled");
      assert.ok(final.body.progress < 100, `progress ${final.body.progress}`);
      const counts = await server.db
        .selectFrom("training_data")
        .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
        .where("bot_id", "=", botId)
        .groupBy("status")
        .execute();
      const pending = Number(counts.find((c) => c.status === "pending")?.n ?? 0);
      assert.ok(pending > 0, `rows left pending after the cancel: ${JSON.stringify(counts)}`);
      assert.equal(counts.find((c) => c.status === "failed"), undefined);
      // Every processed row has its passages: a batch commits rows and chunks together.
      const unchunked = await server.db
        .selectFrom("training_data")
        .select("id")
        .where("bot_id", "=", botId)
        .where("status", "=", "processed")
        .where((eb) => eb.not(eb.exists(eb.selectFrom("training_chunks").select("id").whereRef("training_chunks.training_data_id", "=", "training_data.id"))))
        .execute();
      assert.deepEqual(unchunked, []);
    });

    test("the next job finishes the rest", async () => {
      const call = client(server.baseUrl);
      const job = await call("POST", `/api/v1/bots/${botId}/training-jobs`, { token });
      assert.equal(await server.runner.drain(), 1);
      const final = await call("GET", `/api/v1/bots/${botId}/training-jobs/${job.body.id}`, { token });
      assert.equal(final.body.status, "completed");
      const left = await server.db.selectFrom("training_data").select("id").where("bot_id", "=", botId).where("status", "<>", "processed").execute();
      assert.deepEqual(left, []);
      const chunks = await server.db.selectFrom("training_chunks").select((eb) => eb.fn.countAll<string>().as("n")).where("bot_id", "=", botId).executeTakeFirstOrThrow();
      // One passage per qa item; each text item's short second paragraph joins the first.
      assert.equal(Number(chunks.n), ITEMS);
    });
  });
}
