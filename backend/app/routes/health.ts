import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.js";

export const registerHealthRoutes = (app: FastifyInstance, ctx: AppContext): void => {
  app.get("/health", async (request, reply) => {
    try {
      const { current, heads } = await ctx.revisions();
      const upToDate = current.length === heads.length && current.every((rev, i) => rev === heads[i]);
      return {
        status: upToDate ? "ok" : "migrations_pending",
        database: ctx.kind,
        revision: current.length === 0 ? null : current.join(","),
        head: heads.length === 0 ? null : heads.join(","),
        up_to_date: upToDate,
      };
    } catch (error) {
      request.log.error({ err: error }, "health check could not reach the database");
      return reply.code(503).send({ status: "unavailable", database: ctx.kind, error: "the database does not answer" });
    }
  });
};
