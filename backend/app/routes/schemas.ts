// The API contract, as TypeBox schemas: the same objects validate requests, serialize
// responses (a field a response schema does not name never leaves the server), type the
// handlers through the type provider and become the OpenAPI document. Request bodies are
// closed (additionalProperties: false) and the validator never coerces, so a wrong type
// or an unknown field is a 400 instead of being silently converted or dropped.
import Type, { type TSchema } from "typebox";

export const Uuid = Type.String({ format: "uuid" });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Handlers hand over Date objects; the serializer writes them as ISO 8601 strings. */
export const Timestamp = Type.Unsafe<Date | string>({ type: "string", format: "date-time" });

/** A free-form JSON object (settings, metadata); the body limit bounds its size. */
export const JsonObject = Type.Record(Type.String(), Type.Unknown());

/** The same object on its way out: jsonb columns come back as unknown. */
export const StoredJson = Type.Unsafe<unknown>({ type: "object", additionalProperties: true });

/** A 204 has no body. */
export const NoContent = Type.Null({ description: "no content" });

export const idParams = <K extends string>(...names: readonly K[]) =>
  Type.Object(Object.fromEntries(names.map((name) => [name, Uuid])) as Record<K, typeof Uuid>, { additionalProperties: false });

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: "stable, machine-readable, e.g. VALIDATION_FAILED, NOT_FOUND" }),
      message: Type.String({ description: "one line saying what is wrong" }),
      details: Type.Optional(
        Type.Array(
          Type.Object({
            location: Type.String({ description: "body, querystring, params or headers" }),
            path: Type.String({ description: "JSON pointer to the offending value; empty for the whole part" }),
            message: Type.String(),
          }),
          { description: "one entry per rejected value, for validation failures" },
        ),
      ),
    }),
  },
  { description: "The one error body of every 4xx and 5xx response" },
);

/** Every route answers its errors in the one shape; the OpenAPI document says so. */
export const errorResponses = { "4xx": ErrorResponse, "5xx": ErrorResponse } as const;

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

// Strings, because query values are never coerced: the pattern is exactly 1..200.
export const PageQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({ pattern: "^(?:[1-9]|[1-9][0-9]|1[0-9][0-9]|200)$", description: `items per page, 1 to ${MAX_LIMIT}; default ${DEFAULT_LIMIT}` }),
    ),
    cursor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 300, pattern: "^[A-Za-z0-9_-]+$", description: "next_cursor of the previous page, as given" }),
    ),
  },
  { additionalProperties: false },
);

export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    limit: Type.Integer(),
    next_cursor: Nullable(Type.String({ description: "pass as ?cursor= for the next page; null on the last page" })),
  });

/**
 * Marks a route whose body may be left out (its preValidation supplies {}): the document
 * then says `requestBody.required: false`, which @fastify/swagger never writes by itself.
 */
export const OPTIONAL_BODY = "x-optional-body";

/** For swagger's transformObject: applies OPTIONAL_BODY and removes the marker, in place. */
export const markOptionalBodies = (openapiObject: object): void => {
  const paths = (openapiObject as { paths?: Record<string, Record<string, Record<string, unknown>>> }).paths ?? {};
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      if (operation?.[OPTIONAL_BODY] !== true) continue;
      delete operation[OPTIONAL_BODY];
      const body = operation.requestBody as { required?: boolean } | undefined;
      if (body) body.required = false;
    }
  }
};
