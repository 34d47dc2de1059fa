// Registration and login. A wrong password and an unknown user get the same answer, so
// the endpoint does not reveal which accounts exist.
import Type from "typebox";
import { signedIn, type RouteGroup } from "../auth/access-scope.js";
import { hashPassword, verifyPassword } from "../auth/password.js";
import { issueToken } from "../auth/token.js";
import { ApiError, conflict } from "../http-errors.js";
import { findUserByLogin, insertUser, takenIdentity, updateUser } from "../repositories/users.js";
import type { Api } from "./api.js";
import { presentUser } from "./presenters.js";
import { User } from "./resources.js";
import { ErrorResponse, errorResponses, Nullable, Timestamp } from "./schemas.js";

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
  description: "too many attempts from this client (or on this account); wait Retry-After seconds",
  headers: { "retry-after": { type: "integer", description: "seconds until the next attempt is allowed" } },
};

// Hashing a throwaway password on a miss keeps the response time of a miss like a hit's.
let decoyHash: Promise<string> | undefined;

const taken = (what: "email" | "username") =>
  what === "email" ? conflict("EMAIL_TAKEN", "this email is already registered") : conflict("USERNAME_TAKEN", "this username is already taken");

const tooMany = (reply: { header(name: string, value: string): unknown }, wait: number, what: string) => {
  void reply.header("retry-after", String(wait));
  return new ApiError(429, "TOO_MANY_ATTEMPTS", `too many ${what}; try again in ${wait} seconds`);
};

export const authForAnyone: RouteGroup = (app: Api, ctx) => {
  app.post(
    "/api/v1/auth/register",
    {
      schema: {
        operationId: "register",
        tags,
        summary: "Create an account",
        body: RegisterBody,
        response: { 201: User, 429: TooManyAttempts, ...errorResponses },
      },
    },
    async (request, reply) => {
      // Counted before any work: each registration costs a full scrypt hash.
      const wait = await ctx.limiter.attempt([`register:${request.ip}`], ctx.registerLimits);
      if (wait !== undefined) throw tooMany(reply, wait, "registrations from this address");
      const { email, username, password, full_name } = request.body;
      const normalisedEmail = email.toLowerCase();
      const clash = await takenIdentity(ctx.db, normalisedEmail, username);
      if (clash) throw taken(clash);
      const user = await insertUser(ctx.db, {
        email: normalisedEmail,
        username,
        password_hash: await hashPassword(password),
        full_name: full_name ?? null,
      });
      if (typeof user === "string") throw taken(user);
      return reply.code(201).send(presentUser(user));
    },
  );

  app.post(
    "/api/v1/auth/login",
    {
      schema: {
        operationId: "login",
        tags,
        summary: "Exchange a login and password for a bearer token",
        body: LoginBody,
        response: { 200: LoginResponse, 429: TooManyAttempts, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { login, password } = request.body;
      // The account key stops one password being tried from many addresses; the address
      // key stops one client trying many accounts.
      const accountKey = `login-account:${login.toLowerCase()}`;
      const wait = await ctx.limiter.attempt([`login-ip:${request.ip}`, accountKey], ctx.loginLimits);
      if (wait !== undefined) throw tooMany(reply, wait, "login attempts");
      const user = await findUserByLogin(ctx.db, login);
      if (!user) {
        decoyHash ??= hashPassword("decoy password");
        await verifyPassword(password, await decoyHash);
      }
      if (!user || !(await verifyPassword(password, user.password_hash)) || !user.is_active) {
        throw new ApiError(401, "INVALID_CREDENTIALS", "wrong login or password");
      }
      // A successful login clears its account's count (not the address's).
      await ctx.limiter.reset(accountKey);
      const { token, expiresAt } = issueToken(ctx.authSecret, user.id, ctx.tokenTtlSeconds);
      return { access_token: token, token_type: "bearer" as const, expires_at: expiresAt, user: presentUser(user) };
    },
  );
};

export const authForUsers: RouteGroup = (app: Api, ctx) => {
  app.get(
    "/api/v1/auth/me",
    { schema: { operationId: "getMe", tags, summary: "The signed-in user", response: { 200: User, ...errorResponses } } },
    async (request) => presentUser(signedIn(request)),
  );

  app.patch(
    "/api/v1/auth/me",
    {
      schema: { operationId: "updateMe", tags, summary: "Edit the profile", body: ProfileBody, response: { 200: User, ...errorResponses } },
    },
    async (request) => presentUser(await updateUser(ctx.db, signedIn(request).id, request.body)),
  );
};
