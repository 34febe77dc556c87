/**
 * What codex sends the model, typed, and helpers that read it: the user texts, the outputs of the commands codex ran,
 * the last line of the newest output. Use them in assertions and in scripted steps that answer from the request
 * (`(request) => reply(...)`).
 *
 * @module
 */
import type { RecordedRequest } from "./script.ts";

/** One content part of a message in the request's `input`. */
export interface ResponsesContentPart {
  /** `input_text`, `input_image` (user), `output_text` (earlier assistant turns). */
  type: string;
  /** The text of a text part. */
  text?: string;
  /** The image of an `input_image` part (a data URL for local images). */
  image_url?: string;
  /** Fields not listed here. */
  [key: string]: unknown;
}

/** One item of the request's `input`: the conversation so far, as codex replays it. */
export interface ResponsesInputItem {
  /** `message`, `function_call`, `function_call_output`, `reasoning`, … */
  type?: string;
  /** A message's role: `user`, `assistant`, `developer`. */
  role?: string;
  /** A message's parts. */
  content?: ResponsesContentPart[];
  /** A function call's tool name (`exec_command` …). */
  name?: string;
  /** A function call's JSON-encoded arguments. */
  arguments?: string;
  /** Links a `function_call_output` to its `function_call`. */
  call_id?: string;
  /** A `function_call_output`'s output (codex sends a string). */
  output?: unknown;
  /** Fields not listed here. */
  [key: string]: unknown;
}

/** The JSON body of a `POST /v1/responses` as codex sends it (the fields tests read; the rest pass through). */
export interface ResponsesRequestBody {
  /** The model name (`mock-model` for the scripted provider). */
  model?: string;
  /** codex's system instructions. */
  instructions?: string;
  /** The conversation: user messages, earlier answers, function calls and their outputs. */
  input?: ResponsesInputItem[];
  /** The tools codex offers the model. */
  tools?: Array<Record<string, unknown>>;
  /** Structured output: `text.format.schema` is the JSON Schema of `runJson` / `outputSchema`. */
  text?: { format?: { type?: string; name?: string; schema?: Record<string, unknown>; strict?: boolean } };
  /** Reasoning settings (`effort` from `modelReasoningEffort`). */
  reasoning?: { effort?: string; summary?: string } | null;
  /** Fields not listed here. */
  [key: string]: unknown;
}

/**
 * The request's `input` items (empty for a request without a JSON body).
 *
 * @param request A recorded request.
 * @returns The input items, in order.
 * @example
 * ```ts
 * inputItems(server.requests[0]!).filter((i) => i.type === "function_call_output");
 * ```
 */
export function inputItems(request: RecordedRequest): ResponsesInputItem[] {
  return request.body?.input ?? [];
}

/**
 * The URLs of every image codex sent the model (`input_image` parts), oldest first: attached images arrive as `data:`
 * URLs, whichever way they were given (a path, bytes or a URL).
 *
 * @param request A recorded request.
 * @returns The image URLs.
 * @example
 * ```ts
 * inputImageUrls(server.model.responseRequests[0]!); // ["data:image/png;base64,iVBOR…"]
 * ```
 */
export function inputImageUrls(request: RecordedRequest): string[] {
  return inputItems(request).flatMap((item) => (item.content ?? []).flatMap((c) =>
    c.type === "input_image" && typeof c.image_url === "string" ? [c.image_url] : []
  ));
}

/**
 * Every user text codex sent, oldest first: the prompts of this and earlier turns, plus codex's own context blocks
 * (`<environment_context>…`, `<skill>…`).
 *
 * @param request A recorded request.
 * @returns The texts.
 * @example
 * ```ts
 * expect(userTexts(server.requests[0]!)).toContain("Run the tests");
 * ```
 */
export function userTexts(request: RecordedRequest): string[] {
  return inputItems(request)
    .filter((item) => item.type === "message" && item.role === "user")
    .flatMap((item) => (item.content ?? []).flatMap((c) => (c.type === "input_text" && c.text ? [c.text] : [])));
}

/**
 * The newest prompt: the last user text that is not one of codex's context blocks (which start with `<`).
 *
 * @param request A recorded request.
 * @returns The prompt, or `""`.
 * @example
 * ```ts
 * const step: ScriptStep = (request) => reply(`You said: ${lastPrompt(request)}`);
 * ```
 */
export function lastPrompt(request: RecordedRequest): string {
  return userTexts(request).filter((t) => !t.startsWith("<")).at(-1) ?? "";
}

/**
 * The outputs of the commands codex ran, oldest first, without the header codex puts before each (chunk id, wall
 * time, exit code). An output may start with login-shell noise (profile scripts run by `bash -l`).
 *
 * @param request A recorded request.
 * @returns The outputs.
 * @example
 * ```ts
 * const step: ScriptStep = (request) => reply(`The command printed: ${toolOutputs(request).at(-1)}`);
 * ```
 */
export function toolOutputs(request: RecordedRequest): string[] {
  return inputItems(request)
    .filter((item) => item.type === "function_call_output")
    .map((item) => {
      const text = typeof item.output === "string" ? item.output : JSON.stringify(item.output);
      const at = text.indexOf("Output:\n");
      return at === -1 ? text : text.slice(at + "Output:\n".length);
    });
}

/**
 * The last non-empty line of the newest command output: what a command printed last, past any login-shell noise.
 *
 * @param request A recorded request.
 * @returns The line, or `""`.
 * @example
 * ```ts
 * const step: ScriptStep = (request) => reply(`Node says ${lastOutputLine(request)}`);
 * ```
 */
export function lastOutputLine(request: RecordedRequest): string {
  return (toolOutputs(request).at(-1) ?? "").trim().split("\n").at(-1) ?? "";
}
