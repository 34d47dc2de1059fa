// Several server processes on one PostgreSQL database, as real processes: each training
// job runs on exactly one of them, a job whose server was killed is taken over after its
// lease and finishes, and SIGTERM under load fails no request that reached the server.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { sql } from "kysely";
import { createTempDatabase, postgresSkip, type TempDatabase } from "../../../retort/test/support/postgres.js";
import { openDatabase, type OpenedDatabase } from "../../app/database.js";
import { migrate, ok } from "../support/cli.js";
import { startReplica as startShared, type Replica } from "../support/replica.js";
import { client } from "../support/server.js";

const LEASE_SECONDS = 2;

const startReplica = (databaseUrl: string): Promise<Replica> => startShared(databaseUrl, { JOB_LEASE_SECONDS: String(LEASE_SECONDS) });

/** The job ids a replica logged for a message, in order. */
const jobLog = (replica: Replica, message: string): string[] =>
  replica
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { msg?: string; jobId?: string })
    .filter((entry) => entry.msg === message && entry.jobId !== undefined)
    .map((entry) => entry.jobId as string);

const until = async (what: string, check: () => Promise<boolean>, attempts = 1200): Promise<void> => {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`gave up waiting: ${what}`);
};

/** One request on its own connection: the outcome, and whether it started before a moment. */
const rawRequest = (port: number, path: string, token: string, body: unknown) =>
  new Promise<{ status?: number; error?: string }>((resolve) => {
    const payload = JSON.stringify(body);
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        agent: false,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0 }));
        // A response cut off half-way is a failure of its own kind, never "not accepted".
        response.on("error", (error: NodeJS.ErrnoException) => resolve({ error: `response cut off: ${error.code ?? error.message}` }));
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    request.end(payload);
  });

const skip = await postgresSkip();

describe("replicas on one PostgreSQL database", { skip }, () => {
  let temp: TempDatabase;
  let database: OpenedDatabase;
  const replicas: Replica[] = [];
  let token = "";
  let ownerId = "";

  before(async () => {
    temp = await createTempDatabase("backend_replicas");
    ok(await migrate(temp.url, "upgrade", "head"), "./migrate.sh upgrade head");
    database = await openDatabase(temp.url);
    replicas.push(await startReplica(temp.url), await startReplica(temp.url));
    const call = client(replicas[0]!.baseUrl);
    assert.equal((await call("POST", "/api/v1/auth/register", { body: { email: "r@example.com", username: "replica", password: "replica-pass" } })).status, 201);
    const login = await call("POST", "/api/v1/auth/login", { body: { login: "replica", password: "replica-pass" } });
    token = login.body.access_token;
    ownerId = login.body.user.id;
  });

  after(async () => {
    for (const replica of replicas) {
      if (replica.child.exitCode === null && replica.child.signalCode === null) replica.child.kill("SIGKILL");
      await replica.exited;
    }
    await database?.close();
    await temp?.drop();
  });

  const botWithRows = async (name: string, rows: number): Promise<string> => {
    const bot = await database.db.insertInto("bots").values({ owner_id: ownerId, name }).returning("id").executeTakeFirstOrThrow();
    await sql`insert into training_data (bot_id, source_type, content)
              select ${bot.id}::uuid, 'text', 'row ' || n from generate_series(1, ${rows}::int) as n`.execute(database.db);
    return bot.id;
  };

  test("2 servers and 20 jobs: every job completed exactly once", async () => {
    const bots = await Promise.all(Array.from({ length: 20 }, (_, i) => botWithRows(`batch ${i}`, 20)));
    const jobIds: string[] = [];
    for (const [i, botId] of bots.entries()) {
      const res = await client(replicas[i % 2]!.baseUrl)("POST", `/api/v1/bots/${botId}/training-jobs`, { token });
      assert.equal(res.status, 201);
      jobIds.push(res.body.id);
    }
    await until("20 jobs completed", async () => {
      const done = await database.db.selectFrom("training_jobs").select("id").where("id", "in", jobIds).where("status", "=", "completed").execute();
      return done.length === 20;
    });
    // A replica's log lines reach its pipe asynchronously: under load a job's row can say
    // completed before its "started" line has arrived here.
    await until("every finished job logged", async () =>
      replicas.flatMap((replica) => jobLog(replica, "training job finished")).length >= 20,
    );
    const started = replicas.flatMap((replica) => jobLog(replica, "training job started"));
    assert.deepEqual([...started].sort(), [...jobIds].sort(), "each job claimed once, by one server");
    const finished = replicas.flatMap((replica) => jobLog(replica, "training job finished"));
    assert.deepEqual([...finished].sort(), [...jobIds].sort());
    const pending = await database.db.selectFrom("training_data").select("id").where("bot_id", "in", bots).where("status", "<>", "processed").execute();
    assert.deepEqual(pending, []);
  });

  test("SIGKILL a server mid-job: the other takes the job over after its lease and finishes it", async () => {
    const botId = await botWithRows("long job", 1500);
    const [first, second] = replicas as [Replica, Replica];
    // The server that creates a job is woken at once; the other only polls.
    const job = (await client(first.baseUrl)("POST", `/api/v1/bots/${botId}/training-jobs`, { token })).body as { id: string };
    await until("the job has made progress", async () => {
      const row = await database.db.selectFrom("training_jobs").select(["status", "progress"]).where("id", "=", job.id).executeTakeFirstOrThrow();
      return row.status === "running" && row.progress >= 1;
    });
    const runner = jobLog(first, "training job started").includes(job.id) ? first : second;
    const survivor = runner === first ? second : first;
    runner.child.kill("SIGKILL");
    assert.equal(await runner.exited, null);
    const progressAtKill = (await database.db.selectFrom("training_jobs").select(["status", "progress"]).where("id", "=", job.id).executeTakeFirstOrThrow());
    assert.equal(progressAtKill.status, "running");
    assert.ok(progressAtKill.progress < 100, `killed at ${progressAtKill.progress}%`);
    await until(
      "the job completed on the survivor",
      async () => (await database.db.selectFrom("training_jobs").select("status").where("id", "=", job.id).executeTakeFirstOrThrow()).status === "completed",
      6000,
    );
    assert.ok(jobLog(survivor, "training job abandoned by its runner; requeued").includes(job.id));
    assert.ok(jobLog(survivor, "training job started").includes(job.id));
    const left = await database.db.selectFrom("training_data").select("id").where("bot_id", "=", botId).where("status", "<>", "processed").execute();
    assert.deepEqual(left, []);
    // Replace the killed server for the next test.
    replicas.splice(replicas.indexOf(runner), 1, await startReplica(temp.url));
  });

  test("SIGTERM under a stream of requests: only requests after it stopped listening fail; its job is handed back", async () => {
    const botId = await botWithRows("talk", 2000);
    const job = (await client(replicas[0]!.baseUrl)("POST", `/api/v1/bots/${botId}/training-jobs`, { token })).body as { id: string };
    await until("a server runs the job", async () => replicas.some((replica) => jobLog(replica, "training job started").includes(job.id)));
    // The server running the job is the one stopped.
    const target = replicas.find((replica) => jobLog(replica, "training job started").includes(job.id)) as Replica;
    const other = replicas.find((replica) => replica !== target) as Replica;
    const conversation = await client(target.baseUrl)("POST", `/api/v1/bots/${botId}/conversations`, { token, body: {} });
    assert.equal(conversation.status, 201);

    let signalled = false;
    const outcomes: { beforeSignal: boolean; status?: number; error?: string }[] = [];
    let sent = 0;
    const worker = async () => {
      // Each worker keeps one request in flight until the server refuses connections.
      for (;;) {
        const beforeSignal = !signalled;
        sent += 1;
        const outcome = await rawRequest(target.port, `/api/v1/conversations/${conversation.body.id}/messages`, token, { content: `hello ${sent}` });
        outcomes.push({ beforeSignal, ...outcome });
        if (outcome.error === "ECONNREFUSED") return;
      }
    };
    const workers = Array.from({ length: 6 }, () => worker());
    await until("a stream is flowing", async () => outcomes.filter((o) => o.status === 201).length >= 30);
    signalled = true;
    target.child.kill("SIGTERM");
    await Promise.all(workers);
    assert.equal(await target.exited, 0);

    // Sent before the signal: the server had them, so every one was answered in full.
    const early = outcomes.filter((o) => o.beforeSignal);
    assert.ok(early.length >= 30);
    assert.deepEqual(early.filter((o) => o.status !== 201), []);
    // Sent after it: answered, or refused because nothing listens any more. A connection
    // still in the kernel's accept queue when the listening socket closes is reset by the
    // kernel (ECONNRESET): it too was never taken by the server. No late request gets an
    // error answer.
    const late = outcomes.filter((o) => !o.beforeSignal);
    assert.deepEqual(late.filter((o) => o.status !== 201 && o.error !== "ECONNREFUSED" && o.error !== "ECONNRESET"), []);
    // Every answered message is stored with its reply.
    const stored = await database.db.selectFrom("conversation_messages").select("id").where("conversation_id", "=", conversation.body.id).execute();
    assert.equal(stored.length, 2 * outcomes.filter((o) => o.status === 201).length);

    assert.ok(jobLog(target, "training job handed back on shutdown").includes(job.id));
    await until(
      "the other server finishes the handed-back job",
      async () => (await database.db.selectFrom("training_jobs").select("status").where("id", "=", job.id).executeTakeFirstOrThrow()).status === "completed",
      6000,
    );
    assert.ok(jobLog(other, "training job started").includes(job.id));
    assert.ok(!jobLog(other, "training job abandoned by its runner; requeued").includes(job.id), "handed back, not left to expire");
  });
});
