// JSON-schema fragments shared by the routes. Bodies are closed (additionalProperties:
// false) and the validator never coerces, so a wrong type or an unknown field is a 400
// instead of being silently converted or dropped.
export const uuidString = { type: "string", format: "uuid" } as const;

export const idParams = (...names: string[]) =>
  ({
    type: "object",
    required: names,
    additionalProperties: false,
    properties: Object.fromEntries(names.map((name) => [name, uuidString])),
  }) as const;

export const pageQuery = {
  type: "object",
  additionalProperties: false,
  properties: {
    limit: { type: "string", pattern: "^[0-9]{1,3}$" },
    offset: { type: "string", pattern: "^[0-9]{1,9}$" },
  },
} as const;

export interface PageQuery {
  limit?: string;
  offset?: string;
}

export const page = (query: PageQuery, max = 100): { limit: number; offset: number } => ({
  limit: Math.min(Math.max(Number(query.limit ?? 50), 1), max),
  offset: Number(query.offset ?? 0),
});

/** A JSON object body field (settings, metadata); the body limit bounds its size. */
export const jsonObject = { type: "object" } as const;
