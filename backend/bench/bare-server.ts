// The baseline: bare Fastify answering a constant, no logging, no database. Whatever the
// API adds on top of this is the cost of the API itself.
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/constant", async () => ({ ok: true }));
await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT) });
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
