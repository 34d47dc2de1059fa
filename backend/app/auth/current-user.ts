// Turns the Authorization header into the user it names, re-checked against the database
// on every request so that a deactivated or deleted user's tokens stop working at once.
import type { FastifyRequest } from "fastify";
import type { Selectable } from "kysely";
import type { AppContext } from "../context.js";
import type { DB } from "../models/index.js";
import { unauthorized } from "../http-errors.js";
import { verifyToken } from "./token.js";

export type UserRow = Selectable<DB["users"]>;

const bearer = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw unauthorized("the Authorization header must be `Bearer <token>`");
  return match[1];
};

export const optionalUser = async (ctx: AppContext, request: FastifyRequest): Promise<UserRow | undefined> => {
  const token = bearer(request);
  if (token === undefined) return undefined;
  const check = verifyToken(ctx.authSecret, token);
  if (!check.ok) {
    throw unauthorized(check.reason === "expired" ? "the token has expired; log in again" : "the token is not valid");
  }
  const user = await ctx.db.selectFrom("users").selectAll().where("id", "=", check.claims.sub).executeTakeFirst();
  if (!user || !user.is_active) throw unauthorized("the token's user no longer exists or is inactive");
  return user;
};

export const requireUser = async (ctx: AppContext, request: FastifyRequest): Promise<UserRow> => {
  const user = await optionalUser(ctx, request);
  if (!user) throw unauthorized("this endpoint needs `Authorization: Bearer <token>` (POST /api/v1/auth/login)");
  return user;
};
