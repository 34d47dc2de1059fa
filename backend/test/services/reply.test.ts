// The reply engine on both databases: the evaluation set (reply-evaluation.ts) answered
// item by item, the citation in the message's metadata, passages of text items, and
// replies written by a language model, over real HTTP against a small chat completions
// server this test runs and whose requests it records.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readHeadRevisions } from "../../app/revisions.js";
import { FALLBACK_REPLY, findReply } from "../../app/services/reply.js";
import { MIN_MARGIN, MIN_SCORE } from "../../app/services/reply-ranking.js";
import { migrate, ok } from "../support/cli.js";
import { databaseTargets } from "../support/database-targets.js";
import { client, startServer, type RunningServer } from "../support/server.js";
import { EVAL_CASES, EVAL_ITEMS } from "./reply-evaluation.js";

interface Recorded {
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: any;
}

/** A chat completions endpoint: records each request, answers `reply`, or fails with `status`. */
const startModel = async () => {
  const requests: Recorded[] = [];
  const state = { status: 200, reply: "" };
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      requests.push({ url: req.url ?? "", authorization: req.headers.authorization, body: JSON.parse(raw) });
      res.writeHead(state.status, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          state.status === 200
            ? { id: "cmpl-1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: state.reply }, finish_reason: "stop" }] }
            : { error: { message: "overloaded" } },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { requests, state, baseUrl: `http://127.0.0.1:${port}/v1`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

for (const target of await databaseTargets("backend_reply")) {
  describe(`reply engine on ${target.label}`, { skip: target.skip }, () => {
    let provisioned: { url: string; cleanup: () => Promise<void> };
    let server: RunningServer;
    let model: Awaited<ReturnType<typeof startModel>>;
    let botId = "";
    const itemIds = new Map<string, string>();
    const keyOf = (id: string | undefined) => [...itemIds].find(([, value]) => value === id)?.[0] ?? null;

    before(async () => {
      provisioned = await target.provision();
      ok(await migrate(provisioned.url, "upgrade", "head"), "./migrate.sh upgrade head");
      model = await startModel();
      server = await startServer(provisioned.url, { heads: await readHeadRevisions(), llm: { baseUrl: model.baseUrl, apiKey: "test-llm-key" } });
      const db = server.db;
      const user = await db.insertInto("users").values({ email: "owner@example.com", username: "owner", password_hash: "x" }).returning("id").executeTakeFirstOrThrow();
      const bot = await db
        .insertInto("bots")
        .values({ owner_id: user.id, name: "Hotel", is_public: true, model_name: "tiny-chat-1", system_prompt: "You are the concierge of Hotel Mill.", temperature: "0.25" })
        .returning("id")
        .executeTakeFirstOrThrow();
      botId = bot.id;
      for (const item of EVAL_ITEMS) {
        const row = await db
          .insertInto("training_data")
          .values({ bot_id: botId, source_type: item.source_type, question: item.question ?? null, content: item.content })
          .returning("id")
          .executeTakeFirstOrThrow();
        itemIds.set(item.key, row.id);
      }
      await db.insertInto("training_jobs").values({ bot_id: botId }).execute();
      assert.equal(await server.runner.drain(), 1);
    });

    after(async () => {
      await server?.close();
      await model?.close();
      await provisioned?.cleanup();
    });

    test("the evaluation set: each question gets the expected item, or the fallback", async (t) => {
      let correct = 0;
      const wrong: string[] = [];
      for (const c of EVAL_CASES) {
        const reply = await findReply(server.db, botId, c.message);
        const got = reply.source === null ? null : keyOf(reply.source.trainingDataId);
        if (got === c.expected) correct += 1;
        else wrong.push(`${c.message} -> ${got ?? "fallback"} (expected ${c.expected ?? "fallback"})`);
        assert.equal(got, c.knownMiss ? null : c.expected, `"${c.message}" (${c.kind})`);
        if (got === null) assert.equal(reply.content, FALLBACK_REPLY);
      }
      const known = EVAL_CASES.filter((c) => c.knownMiss).length;
      assert.equal(correct, EVAL_CASES.length - known);
      t.diagnostic(`evaluation accuracy ${correct}/${EVAL_CASES.length} (${((100 * correct) / EVAL_CASES.length).toFixed(1)}%); wrong: ${wrong.join("; ") || "none"}`);
    });

    test("an answer cites its item and passage with score and margin; the fallback cites none", async () => {
      const hit = await findReply(server.db, botId, "do you have free wifi");
      assert.equal(hit.content, EVAL_ITEMS[0]!.content);
      const source = hit.metadata.source!;
      assert.equal(source.training_data_id, itemIds.get("wifi"));
      assert.equal(source.source_type, "qa");
      assert.ok(source.score >= MIN_SCORE && source.margin >= MIN_MARGIN, JSON.stringify(source));
      const chunk = await server.db.selectFrom("training_chunks").select(["training_data_id", "question"]).where("id", "=", source.chunk_id).executeTakeFirstOrThrow();
      assert.deepEqual(chunk, { training_data_id: itemIds.get("wifi"), question: "Is the wifi free?" });
      assert.equal(hit.metadata.generated_by, null);
      const miss = await findReply(server.db, botId, "dairy-free milk?");
      assert.deepEqual(miss, { content: FALLBACK_REPLY, source: null, metadata: { source: null, generated_by: null } });
    });

    test("a text item answers with the chunk that matched; deleting the item deletes its chunks", async () => {
      const spa = itemIds.get("spa")!;
      const chunks = await server.db.selectFrom("training_chunks").select(["position", "question", "content"]).where("training_data_id", "=", spa).orderBy("position").execute();
      assert.deepEqual(chunks, [
        {
          position: 0,
          question: null,
          content: "Spa Our spa has a sauna, a steam room and an indoor swimming pool. The pool is open from 8am to 8pm and the sauna closes at 9pm.",
        },
        { position: 1, question: null, content: "Towels and bathrobes are handed out at the spa desk on the lower floor." },
      ]);
      const towels = await findReply(server.db, botId, "where do I get towels?");
      assert.equal(towels.content, chunks[1]!.content);
      assert.equal(towels.metadata.source?.source_type, "text");

      const extra = await server.db.insertInto("training_data").values({ bot_id: botId, source_type: "text", content: "Bicycles can be rented at the front desk for 15 euros a day." }).returning("id").executeTakeFirstOrThrow();
      await server.db.insertInto("training_jobs").values({ bot_id: botId }).execute();
      assert.equal(await server.runner.drain(), 1);
      assert.equal((await findReply(server.db, botId, "can I rent a bicycle?")).source?.trainingDataId, extra.id);
      await server.db.deleteFrom("training_data").where("id", "=", extra.id).execute();
      assert.equal((await server.db.selectFrom("training_chunks").select("id").where("training_data_id", "=", extra.id).execute()).length, 0);
      assert.equal((await findReply(server.db, botId, "can I rent a bicycle?")).source, null);
    });

    test("with LLM_BASE_URL and LLM_API_KEY the model writes the reply from the passages, as the bot's model and prompt", async () => {
      const call = client(server.baseUrl);
      const conversation = await call("POST", `/api/v1/bots/${botId}/conversations`);
      const session = { "x-session-id": conversation.body.session_id };
      const path = `/api/v1/conversations/${conversation.body.id}/messages`;
      model.state.reply = "The wifi is free; you will find the password on your key card sleeve.";
      model.requests.length = 0;

      const res = await call("POST", path, { headers: session, body: { content: "what's the wifi password?" } });
      assert.equal(res.status, 201);
      assert.equal(res.body.assistant_message.content, model.state.reply);
      assert.equal(res.body.matched, true);
      assert.equal(res.body.source_training_data_id, itemIds.get("wifi"));
      assert.equal(res.body.assistant_message.metadata.source.training_data_id, itemIds.get("wifi"));
      assert.equal(res.body.assistant_message.metadata.generated_by, "tiny-chat-1");
      assert.equal(model.requests.length, 1);
      const [request] = model.requests;
      assert.equal(request!.url, "/v1/chat/completions");
      assert.equal(request!.authorization, "Bearer test-llm-key");
      assert.equal(request!.body.model, "tiny-chat-1");
      assert.equal(request!.body.temperature, 0.25);
      assert.deepEqual(request!.body.messages.map((m: { role: string }) => m.role), ["system", "user"]);
      assert.equal(request!.body.messages[1].content, "what's the wifi password?");
      const system: string = request!.body.messages[0].content;
      assert.ok(system.startsWith("You are the concierge of Hotel Mill.\n\n"), system);
      assert.ok(system.includes(`Passage 1:\nQ: Is the wifi free?\nA: ${EVAL_ITEMS[0]!.content}`), system);
      const stored = await call("GET", path, { headers: session });
      assert.deepEqual(stored.body.items[1].metadata, res.body.assistant_message.metadata);

      // Below the bar the model is not asked: it would only dress up a guess.
      const miss = await call("POST", path, { headers: session, body: { content: "book a flight to Paris?" } });
      assert.equal(miss.body.assistant_message.content, FALLBACK_REPLY);
      assert.deepEqual(miss.body.assistant_message.metadata, { source: null, generated_by: null });
      assert.equal(model.requests.length, 1);

      // A model that fails leaves the retrieved passage as the reply, and a warning without the key.
      model.state.status = 503;
      const down = await call("POST", path, { headers: session, body: { content: "is breakfast included in the price" } });
      model.state.status = 200;
      assert.equal(down.status, 201);
      assert.equal(down.body.assistant_message.content, EVAL_ITEMS.find((i) => i.key === "breakfast")!.content);
      assert.equal(down.body.assistant_message.metadata.generated_by, null);
      assert.equal(model.requests.length, 2);
      const warning = server.logs.find((line) => line.includes("the language model failed"));
      assert.ok(warning?.includes("the language model answered HTTP 503"), warning);
      assert.ok(!server.logs.some((line) => line.includes("test-llm-key")));
    });
  });
}
