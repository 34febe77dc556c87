/**
 * The vocabulary of a scripted model: what one response of the fake Responses API does.
 *
 * @module
 */
import type { ResponsesRequestBody } from "./requests.ts";

/** An assistant message; `stream: true` sends it as `response.output_text.delta` events first. */
export interface ScriptedMessage {
  /** Output kind. */
  type: "message";
  /** The message text. */
  text: string;
  /** Send deltas before the completed item. */
  stream?: boolean;
}

/** A reasoning summary. */
export interface ScriptedReasoning {
  /** Output kind. */
  type: "reasoning";
  /** The summary text. */
  text: string;
}

/** A call of codex's `exec_command` tool: codex runs `cmd` for real. */
export interface ScriptedExecCommand {
  /** Output kind. */
  type: "exec_command";
  /** The shell command. */
  cmd: string;
  /** The call id (generated when absent). */
  callId?: string;
  /** Extra tool arguments (e.g. `workdir`, `sandbox_permissions`). */
  extra?: Record<string, unknown>;
}

/** Any function call. */
export interface ScriptedFunctionCall {
  /** Output kind. */
  type: "function_call";
  /** Tool name. */
  name: string;
  /** Arguments, JSON-encoded on the wire. */
  arguments: unknown;
  /** The call id (generated when absent). */
  callId?: string;
}

/** One output item of a scripted response. */
export type ScriptedOutput = ScriptedMessage | ScriptedReasoning | ScriptedExecCommand | ScriptedFunctionCall;

/** Token usage reported in `response.completed`. */
export interface ScriptedUsage {
  /** Input tokens. */
  input_tokens?: number;
  /** Cached input tokens. */
  cached_input_tokens?: number;
  /** Output tokens. */
  output_tokens?: number;
  /** Reasoning output tokens. */
  reasoning_output_tokens?: number;
}

/** A successful streamed response. */
export interface ScriptedSuccess {
  /** Output items, in order. */
  output: ScriptedOutput[];
  /** Usage to report (defaults: 100 in, 10 out). */
  usage?: ScriptedUsage;
  /** Wait this long before sending the first event. */
  delayMs?: number;
}

/** A `response.failed` event. */
export interface ScriptedFailure {
  /** The failure. */
  fail: { message: string; code?: string };
}

/** An HTTP error status instead of a stream. */
export interface ScriptedHttpError {
  /** Status and body. */
  httpError: { status: number; body?: string };
}

/** A stream that starts and never completes (for abort tests); it ends when the client goes away. */
export interface ScriptedHang {
  /** Hang. */
  hang: true;
}

/** A stream that sends its output items and then drops before `response.completed` (codex retries it). */
export interface ScriptedDisconnect {
  /** Drop the connection after the output. */
  disconnect: true;
  /** Items sent before the drop. */
  output?: ScriptedOutput[];
}

/** What one request gets. */
export type ScriptedResponse = ScriptedSuccess | ScriptedFailure | ScriptedHttpError | ScriptedHang | ScriptedDisconnect;

/** A request as the scripted model saw it. */
export interface RecordedRequest {
  /** HTTP method. */
  method: string;
  /** URL path, e.g. `/v1/responses`. */
  path: string;
  /** Headers, lower-cased names. */
  headers: Record<string, string>;
  /**
   * The JSON body (`null` when there was none or it was not JSON). Read it with `userTexts`, `toolOutputs`,
   * `lastOutputLine` and `inputItems`.
   */
  body: ResponsesRequestBody | null;
}

/** One step of a script: a fixed response, or a function of the request. */
export type ScriptStep =
  | ScriptedResponse
  | ((request: RecordedRequest, index: number) => ScriptedResponse | Promise<ScriptedResponse>);

/**
 * Scripts a reply with one assistant message.
 * @param text The message.
 * @param options `stream` sends deltas; `usage` overrides the default usage.
 * @returns A response with one assistant message.
 * @example
 * ```ts
 * const model = new ScriptedModel([reply("Hello!")]);
 * ```
 */
export function reply(text: string, options: { stream?: boolean; usage?: ScriptedUsage } = {}): ScriptedSuccess {
  return {
    output: [{ type: "message", text, ...(options.stream ? { stream: true } : {}) }],
    ...(options.usage ? { usage: options.usage } : {}),
  };
}

/**
 * Scripts a response in which the model runs a shell command.
 * @param cmd The shell command codex should run.
 * @param extra Extra tool arguments.
 * @returns A response with one `exec_command` call.
 * @example
 * ```ts
 * const model = new ScriptedModel([runCommand("echo hi"), reply("done")]);
 * ```
 */
export function runCommand(cmd: string, extra?: Record<string, unknown>): ScriptedSuccess {
  return { output: [{ type: "exec_command", cmd, ...(extra ? { extra } : {}) }] };
}
