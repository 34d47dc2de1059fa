// A client for an OpenAI-compatible chat completions endpoint (LLM_BASE_URL, LLM_API_KEY):
// it turns the passages the ranking chose into a reply in the bot's own voice, with the
// bot's model_name, system_prompt and temperature. No SDK: one POST with fetch.

export interface LlmSettings {
  /** e.g. https://api.openai.com/v1; /chat/completions is appended. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Abort a request that takes longer; default 30 s. */
  readonly timeoutMs?: number;
}

export interface LlmRequest {
  readonly model: string;
  readonly systemPrompt: string | null;
  readonly temperature: number;
  readonly message: string;
  /** The retrieved passages, best first. */
  readonly passages: readonly string[];
}

export class LlmError extends Error {
  override readonly name = "LlmError";
}

const INSTRUCTIONS =
  "Answer the user's message using only the reference passages below. If they do not answer it, say that you do not know. Do not mention the passages.";

export const chatMessages = (request: LlmRequest) => [
  {
    role: "system",
    content: [
      ...(request.systemPrompt ? [request.systemPrompt] : []),
      INSTRUCTIONS,
      ...request.passages.map((passage, i) => `Passage ${i + 1}:\n${passage}`),
    ].join("\n\n"),
  },
  { role: "user", content: request.message },
];

/** The generated reply text; LlmError for a failed request or an answer without text. */
export const generateReply = async (settings: LlmSettings, request: LlmRequest): Promise<string> => {
  const url = `${settings.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${settings.apiKey}` },
      body: JSON.stringify({ model: request.model, temperature: request.temperature, messages: chatMessages(request) }),
      signal: AbortSignal.timeout(settings.timeoutMs ?? 30_000),
    });
  } catch (error) {
    // The URL without its query string: a key passed as a parameter must not reach a log.
    throw new LlmError(`the language model at ${url.split("?")[0]} did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = (await response.json().catch(() => null)) as { choices?: { message?: { content?: unknown } }[] } | null;
  if (!response.ok) throw new LlmError(`the language model answered HTTP ${response.status}`);
  const content = body?.choices?.[0]?.message?.content;
  if (typeof content !== "string" || content.trim() === "") throw new LlmError("the language model's answer has no message content");
  return content.trim();
};
