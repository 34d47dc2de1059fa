// Registration and login. A wrong password and an unknown user get the same answer, so
// the endpoint does not reveal which accounts exist.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.js";
import { hashPassword, verifyPassword } from "../auth/password.js";
import { issueToken } from "../auth/token.js";
import { requireUser } from "../auth/current-user.js";
import { ApiError, conflict } from "../http-errors.js";
import { presentUser } from "./presenters.js";

interface RegisterBody {
  email: string;
  username: string;
  password: string;
  full_name?: string | null;
}

interface LoginBody {
  /** The username or the email address. */
  login: string;
  password: string;
}

const registerSchema = {
  type: "object",
  required: ["email", "username", "password"],
  additionalProperties: false,
  properties: {
    email: { type: "string", format: "email", maxLength: 255 },
    username: { type: "string", minLength: 3, maxLength: 50, pattern: "^[A-Za-z0-9_.-]+$" },
    password: { type: "string", minLength: 8, maxLength: 256 },
    full_name: { type: ["string", "null"], maxLength: 255 },
  },
} as const;

const loginSchema = {
  type: "object",
  required: ["login", "password"],
  additionalProperties: false,
  properties: {
    login: { type: "string", minLength: 1, maxLength: 255 },
    password: { type: "string", minLength: 1, maxLength: 256 },
  },
} as const;

interface ProfileBody {
  full_name?: string | null;
  avatar_url?: string | null;
}

const profileSchema = {
  type: "object",
  minProperties: 1,
  additionalProperties: false,
  properties: {
    full_name: registerSchema.properties.full_name,
    avatar_url: { type: ["string", "null"], maxLength: 500, pattern: "^https?://" },
  },
} as const;

// Hashing a throwaway password on a miss keeps the response time of a miss like a hit's.
let decoyHash: Promise<string> | undefined;

export const registerAuthRoutes = (app: FastifyInstance, ctx: AppContext): void => {
  app.post<{ Body: RegisterBody }>("/api/v1/auth/register", { schema: { body: registerSchema } }, async (request, reply) => {
    const { email, username, password, full_name } = request.body;
    const normalisedEmail = email.toLowerCase();
    const taken = await ctx.db
      .selectFrom("users")
      .select(["email", "username"])
      .where((eb) => eb.or([eb("email", "=", normalisedEmail), eb("username", "=", username)]))
      .executeTakeFirst();
    if (taken) {
      throw conflict(
        taken.email === normalisedEmail ? "EMAIL_TAKEN" : "USERNAME_TAKEN",
        taken.email === normalisedEmail ? "this email is already registered" : "this username is already taken",
      );
    }
    const user = await ctx.db
      .insertInto("users")
      .values({ email: normalisedEmail, username, password_hash: await hashPassword(password), full_name: full_name ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return reply.code(201).send(presentUser(user));
  });

  app.post<{ Body: LoginBody }>("/api/v1/auth/login", { schema: { body: loginSchema } }, async (request) => {
    const { login, password } = request.body;
    const user = await ctx.db
      .selectFrom("users")
      .selectAll()
      .where((eb) => eb.or([eb("username", "=", login), eb("email", "=", login.toLowerCase())]))
      .executeTakeFirst();
    if (!user) {
      decoyHash ??= hashPassword("decoy password");
      await verifyPassword(password, await decoyHash);
    }
    if (!user || !(await verifyPassword(password, user.password_hash)) || !user.is_active) {
      throw new ApiError(401, "INVALID_CREDENTIALS", "wrong login or password");
    }
    const { token, expiresAt } = issueToken(ctx.authSecret, user.id, ctx.tokenTtlSeconds);
    return { access_token: token, token_type: "bearer", expires_at: expiresAt, user: presentUser(user) };
  });

  app.get("/api/v1/auth/me", async (request) => presentUser(await requireUser(ctx, request)));

  // The profile fields a user edits.
  app.patch<{ Body: ProfileBody }>("/api/v1/auth/me", { schema: { body: profileSchema } }, async (request) => {
    const user = await requireUser(ctx, request);
    const updated = await ctx.db.updateTable("users").set(request.body).where("id", "=", user.id).returningAll().executeTakeFirstOrThrow();
    return presentUser(updated);
  });
};
