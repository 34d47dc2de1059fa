// GET /health: whether the database answers and is at the migrations' head.
import Type from "typebox";
import type { RouteGroup } from "../auth/access-scope.js";
import { ApiError } from "../http-errors.js";
import type { Api } from "./api.js";
import { errorResponses, Nullable } from "./schemas.js";

const Health = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("migrations_pending")]),
  database: Type.String(),
  revision: Nullable(Type.String()),
  head: Nullable(Type.String()),
  up_to_date: Type.Boolean(),
});

export const healthRoutes: RouteGroup = (app: Api, ctx) => {
  app.get(
    "/health",
    { schema: { operationId: "health", tags: ["health"], summary: "Database reachability and migration state", response: { 200: Health, ...errorResponses } } },
    async (request) => {
      let revisions;
      try {
        revisions = await ctx.revisions();
      } catch (error) {
        request.log.error({ err: error }, "health check could not reach the database");
        throw new ApiError(503, "DATABASE_UNAVAILABLE", `the ${ctx.kind} database does not answer`);
      }
      const { current, heads } = revisions;
      const upToDate = current.length === heads.length && current.every((rev, i) => rev === heads[i]);
      return {
        status: upToDate ? "ok" : "migrations_pending",
        database: ctx.kind,
        revision: current.length === 0 ? null : current.join(","),
        head: heads.length === 0 ? null : heads.join(","),
        up_to_date: upToDate,
      } as const;
    },
  );
};
