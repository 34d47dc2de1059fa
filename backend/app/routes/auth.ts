// Registration and login. A wrong password and an unknown user get the same answer, so
// the endpoint does not reveal which accounts exist.
import Type from "typebox";
import type { AppContext } from "../context.js";
import { hashPassword, verifyPassword } from "../auth/password.js";
import { issueToken } from "../auth/token.js";
import { requireUser } from "../auth/current-user.js";
import { ApiError, conflict } from "../http-errors.js";
import type { Api } from "./api.js";
import { presentUser } from "./presenters.js";
import { User } from "./resources.js";
import { bearer, ErrorResponse, errorResponses, Nullable, Timestamp } from "./schemas.js";

const tags = ["auth"];

const RegisterBody = Type.Object(
  {
    email: Type.String({ format: "email", maxLength: 255 }),
    username: Type.String({
      minLength: 3,
      maxLength: 50,
      pattern: "^[A-Za-z0-9_.-]+$",
    }),
    password: Type.String({ minLength: 8, maxLength: 256 }),
    full_name: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
  },
  { additionalProperties: false },
);

const LoginBody = Type.Object(
  {
    login: Type.String({
      minLength: 1,
      maxLength: 255,
      description: "the username or the email address",
    }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

const LoginResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal("bearer"),
  expires_at: Timestamp,
  user: User,
});

// The profile fields a user edits.
const ProfileBody = Type.Object(
  {
    full_name: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
    avatar_url: Type.Optional(
      Nullable(Type.String({ maxLength: 500, pattern: "^https?://" })),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

const TooManyAttempts = {
  ...ErrorResponse,
  description: "too many login attempts for this client or account; wait Retry-After seconds",
  headers: { "retry-after": { type: "integer", description: "seconds until the next attempt is allowed" } },
};

// Hashing a throwaway password on a miss keeps the response time of a miss like a hit's.
let decoyHash: Promise<string> | undefined;

export const registerAuthRoutes = (app: Api, ctx: AppContext): void => {
  app.post(
    "/api/v1/auth/register",
    {
      schema: {
        tags,
        summary: "Create an account",
        body: RegisterBody,
        response: { 201: User, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { email, username, password, full_name } = request.body;
      const normalisedEmail = email.toLowerCase();
      const taken = await ctx.db
        .selectFrom("users")
        .select(["email", "username"])
        .where((eb) =>
          eb.or([
            eb("email", "=", normalisedEmail),
            eb("username", "=", username),
          ]),
        )
        .executeTakeFirst();
      if (taken) {
        throw conflict(
          taken.email === normalisedEmail ? "EMAIL_TAKEN" : "USERNAME_TAKEN",
          taken.email === normalisedEmail
            ? "this email is already registered"
            : "this username is already taken",
        );
      }
      const user = await ctx.db
        .insertInto("users")
        .values({
          email: normalisedEmail,
          username,
          password_hash: await hashPassword(password),
          full_name: full_name ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return reply.code(201).send(presentUser(user));
    },
  );

  app.post(
    "/api/v1/auth/login",
    {
      schema: {
        tags,
        summary: "Exchange a login and password for a bearer token",
        body: LoginBody,
        response: { 200: LoginResponse, 429: TooManyAttempts, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { login, password } = request.body;
      const wait = ctx.loginLimiter.attempt(request.ip, login);
      if (wait !== undefined) {
        void reply.header("retry-after", String(wait));
        throw new ApiError(429, "TOO_MANY_ATTEMPTS", `too many login attempts; try again in ${wait} seconds`);
      }
      const user = await ctx.db
        .selectFrom("users")
        .selectAll()
        .where((eb) =>
          eb.or([
            eb("username", "=", login),
            eb("email", "=", login.toLowerCase()),
          ]),
        )
        .executeTakeFirst();
      if (!user) {
        decoyHash ??= hashPassword("decoy password");
        await verifyPassword(password, await decoyHash);
      }
      if (
        !user ||
        !(await verifyPassword(password, user.password_hash)) ||
        !user.is_active
      ) {
        throw new ApiError(
          401,
          "INVALID_CREDENTIALS",
          "wrong login or password",
        );
      }
      ctx.loginLimiter.succeeded(login);
      const { token, expiresAt } = issueToken(
        ctx.authSecret,
        user.id,
        ctx.tokenTtlSeconds,
      );
      return {
        access_token: token,
        token_type: "bearer" as const,
        expires_at: expiresAt,
        user: presentUser(user),
      };
    },
  );

  app.get(
    "/api/v1/auth/me",
    {
      schema: {
        tags,
        summary: "The signed-in user",
        security: bearer,
        response: { 200: User, ...errorResponses },
      },
    },
    async (request) => presentUser(await requireUser(ctx, request)),
  );

  app.patch(
    "/api/v1/auth/me",
    {
      schema: {
        tags,
        summary: "Edit the profile",
        security: bearer,
        body: ProfileBody,
        response: { 200: User, ...errorResponses },
      },
    },
    async (request) => {
      const user = await requireUser(ctx, request);
      const updated = await ctx.db
        .updateTable("users")
        .set(request.body)
        .where("id", "=", user.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return presentUser(updated);
    },
  );
};
