// Who may call a route, said once per group of routes. Each access level is an
// encapsulated Fastify plugin: its onRoute hook writes the level into every route's
// OpenAPI `security`, and its preHandler enforces the same level, so the document and
// the check cannot disagree. Handlers read request.user and never parse a token.
import type { FastifyRequest } from "fastify";
import type { AppContext } from "../context.js";
import { unauthorized } from "../http-errors.js";
import { findUserById, type UserRow } from "../repositories/users.js";
import type { Api } from "../routes/api.js";
import { verifyToken } from "./token.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in caller, re-read from the database on each request; null when anonymous. */
    user: UserRow | null;
  }
}

/** public: no token read; optional: a token when given must be valid; required: a valid token. */
export type Access = "public" | "optional" | "required";

const BEARER = { bearer: [] as string[] };

/** The OpenAPI security requirement of each level ({} is "anonymous allowed"). */
export const SECURITY: Readonly<Record<Access, readonly Record<string, string[]>[]>> = {
  public: [],
  optional: [BEARER, {}],
  required: [BEARER],
};

export type RouteGroup = (api: Api, ctx: AppContext) => void;

const bearerToken = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match?.[1]) throw unauthorized("the Authorization header must be `Bearer <token>`");
  return match[1];
};

// Deactivated and deleted users lose access at once: a token is only as good as its row.
const userOf = async (ctx: AppContext, request: FastifyRequest): Promise<UserRow | null> => {
  const token = bearerToken(request);
  if (token === undefined) return null;
  const check = verifyToken(ctx.authSecret, token);
  if (!check.ok) throw unauthorized(check.reason === "expired" ? "the token has expired; log in again" : "the token is not valid");
  const user = await findUserById(ctx.db, check.claims.sub);
  if (!user || !user.is_active) throw unauthorized("the token's user no longer exists or is inactive");
  return user;
};

/** A plugin holding `groups` at one access level. */
export const accessScope =
  (ctx: AppContext, access: Access, groups: readonly RouteGroup[]) =>
  async (api: Api): Promise<void> => {
    api.addHook("onRoute", (route) => {
      route.schema = { ...route.schema, security: [...SECURITY[access]] };
    });
    if (access !== "public") {
      api.addHook("preHandler", async (request) => {
        request.user = await userOf(ctx, request);
        if (access === "required" && request.user === null) {
          throw unauthorized("this endpoint needs `Authorization: Bearer <token>` (POST /api/v1/auth/login)");
        }
      });
    }
    for (const group of groups) group(api, ctx);
  };

/** The caller of a route in the "required" scope. */
export const signedIn = (request: FastifyRequest): UserRow => {
  if (request.user === null) throw new Error(`${request.routeOptions.url} reads the user outside the "required" access scope`);
  return request.user;
};
