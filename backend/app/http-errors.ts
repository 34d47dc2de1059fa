// The API's error body, { error: { code, message, details? } }, and the one handler that turns any
// thrown thing into it. Client mistakes get a 4xx with a message saying what is wrong;
// anything else is a 500 whose details stay in the log.
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, "NOT_FOUND", `${what} not found`);
export const badRequest = (message: string): ApiError => new ApiError(400, "BAD_REQUEST", message);
export const conflict = (code: string, message: string): ApiError => new ApiError(409, code, message);
export const unauthorized = (message: string): ApiError => new ApiError(401, "UNAUTHORIZED", message);
export const forbidden = (message: string): ApiError => new ApiError(403, "FORBIDDEN", message);

export interface ErrorDetail {
  readonly location: string;
  readonly path: string;
  readonly message: string;
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: readonly ErrorDetail[] };
}

const body = (code: string, message: string, details?: readonly ErrorDetail[]): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Ajv's findings, one per rejected value, without echoing the value itself. */
const validationDetails = (error: FastifyError): ErrorDetail[] =>
  (error.validation ?? []).map((issue) => ({
    location: error.validationContext ?? "request",
    path: issue.instancePath,
    message: issue.message ?? "is not valid",
  }));

// Fastify's own client errors, renamed to codes that say what the client did.
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "INVALID_JSON",
  FST_ERR_CTP_EMPTY_JSON_BODY: "INVALID_JSON",
  FST_ERR_CTP_BODY_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "BAD_REQUEST",
};

// PostgreSQL SQLSTATEs a client can provoke; every driver error carries `code`.
const DATABASE_CODES: Readonly<Record<string, () => ApiError>> = {
  "23505": () => conflict("ALREADY_EXISTS", "a record with the same unique value already exists"),
  "23503": () => notFound("a referenced record"),
  "23514": () => badRequest("a value is outside its allowed range"),
  "22P02": () => badRequest("a value has the wrong format"),
  "22003": () => badRequest("a number is out of range"),
  // The input guards refuse NUL and unpaired surrogates first; this is the database's word.
  "22021": () => badRequest("a text value holds a character the database cannot store"),
};

/** What the client is told: status, code, message. Anything unrecognised is a 500. */
const classify = (error: FastifyError): ApiError => {
  if (error instanceof ApiError) return error;
  if (error.validation) return new ApiError(400, "VALIDATION_FAILED", error.message, validationDetails(error));
  const fastifyCode = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (fastifyCode) return new ApiError(error.statusCode ?? 400, fastifyCode, error.message);
  const fromDatabase = typeof error.code === "string" ? DATABASE_CODES[error.code] : undefined;
  if (fromDatabase) return fromDatabase();
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError(error.statusCode, "BAD_REQUEST", error.message);
  }
  return new ApiError(500, "INTERNAL_ERROR", "internal server error");
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^$()|[\]{}\\]/g, "\\$&");

/** A route's path as a pattern, `:name` matching one segment. */
const pathPattern = (url: string): RegExp =>
  new RegExp(`^${url.split("/").map((part) => (part.startsWith(":") ? "[^/]+" : escapeRegExp(part))).join("/")}$`);

export const installErrorHandling = (app: FastifyInstance): void => {
  // Every route's methods by path, so that a known path asked with another method is a
  // 405 naming the methods it has, not a 404.
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook("onRoute", (route) => {
    routes.push({ pattern: pathPattern(route.url), methods: [route.method].flat().map(String) });
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split("?")[0] ?? "/";
    const allowed = [...new Set(routes.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods))].sort();
    if (allowed.length > 0) {
      return reply
        .code(405)
        .header("allow", allowed.join(", "))
        .send(body("METHOD_NOT_ALLOWED", `${request.method} is not allowed on ${path}; use ${allowed.join(", ")}`));
    }
    return reply.code(404).send(body("NOT_FOUND", `no route ${request.method} ${path}`));
  });

  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const answer = classify(error);
    // Client mistakes are logged as what the client was told; server faults with the
    // whole error (driver errors carry no connection string, bodies are never logged).
    if (answer.statusCode >= 500) request.log.error({ err: error }, "request failed");
    else request.log.info({ statusCode: answer.statusCode, code: answer.code, reason: answer.message }, "request refused");
    return reply.code(answer.statusCode).send(body(answer.code, answer.message, answer.details));
  });
};

// Errors Node's HTTP parser raises before there is a request for Fastify to route.
const CLIENT_ERRORS: Readonly<Record<string, [number, string, string]>> = {
  HPE_HEADER_OVERFLOW: [431, "HEADERS_TOO_LARGE", "the request's headers are too large"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "REQUEST_TIMEOUT", "the request did not arrive in time"],
};

/** Fastify's clientErrorHandler: the answer in the one error shape, then the connection closes. */
export const answerClientError = (error: NodeJS.ErrnoException, socket: Socket): void => {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] = CLIENT_ERRORS[error.code ?? ""] ?? [400, "BAD_REQUEST", "the request is not valid HTTP"];
  const payload = JSON.stringify(body(code, message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
  );
};
