/**
 * A scripted OpenAI Responses API: a `Request → Response` handler that answers each `POST /v1/responses` with the
 * next step of a script, as the same server-sent events the real API streams. It records every request so tests can
 * assert on what codex sent (history, tools, `text.format`, images). Runs on any runtime with `fetch` types; see
 * `startScriptedModel` in `@codexkit/sdk/testing` for a listening server.
 *
 * @module
 */
import type { ConfigObject } from "../options.ts";
import type { ResponsesRequestBody } from "./requests.ts";
import type { RecordedRequest, ScriptedOutput, ScriptedResponse, ScriptedUsage, ScriptStep } from "./script.ts";

/** The model name the scripted provider answers to; unknown to codex, so it offers the plain shell tools. */
export const SCRIPTED_MODEL_NAME = "mock-model";

/** The provider id used in {@link scriptedModelConfig}. */
export const SCRIPTED_PROVIDER_ID = "codexkit_scripted";

/** Options of {@link ScriptedModel}. */
export interface ScriptedModelOptions {
  /** Answer for requests beyond the script. Default: HTTP 400 saying the script ran out. */
  fallback?: ScriptStep;
}

/** Options of {@link scriptedModelConfig}. */
export interface ScriptedConfigOptions {
  /** Retries codex makes on a failed request or stream. Default 0 (fail fast). */
  retries?: number;
}

/**
 * The codex config that points codex at a scripted model at `baseUrl` (pass it as `new Codex({ config })`).
 *
 * @param baseUrl The server's `/v1` URL, e.g. `http://127.0.0.1:4321/v1`.
 * @param options Retry count.
 * @returns A config object with `model`, `model_provider` and the provider definition.
 * @example
 * ```ts
 * new Codex({ config: scriptedModelConfig("http://127.0.0.1:4321/v1") });
 * ```
 */
export function scriptedModelConfig(baseUrl: string, options: ScriptedConfigOptions = {}): ConfigObject {
  const retries = options.retries ?? 0;
  return {
    model: SCRIPTED_MODEL_NAME,
    model_provider: SCRIPTED_PROVIDER_ID,
    model_providers: {
      [SCRIPTED_PROVIDER_ID]: {
        name: "codexkit scripted model",
        base_url: baseUrl,
        wire_api: "responses",
        // codex would otherwise try a Responses WebSocket first
        supports_websockets: false,
        request_max_retries: retries,
        stream_max_retries: retries,
      },
    },
  };
}

const encoder = new TextEncoder();

function sse(type: string, data: Record<string, unknown>): Uint8Array {
  return encoder.encode(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
}

function usageOf(u: ScriptedUsage = {}): Record<string, unknown> {
  const input = u.input_tokens ?? 100;
  const output = u.output_tokens ?? 10;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: u.cached_input_tokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: u.reasoning_output_tokens ?? 0 },
    total_tokens: input + output,
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A scripted Responses API model.
 *
 * @example
 * ```ts
 * const model = new ScriptedModel([runCommand("echo hi"), reply("Done")]);
 * const res = await model.fetch(new Request("http://x/v1/responses", { method: "POST", body: "{}" }));
 * ```
 */
export class ScriptedModel {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  readonly #steps: ScriptStep[];
  readonly #fallback: ScriptStep | undefined;
  #responses = 0;
  #ids = 0;

  /**
   * Creates a scripted model that answers with the given steps.
   * @param steps One step per `POST /v1/responses`, in order.
   * @param options What to answer once the script runs out.
   */
  constructor(steps: ScriptStep[] = [], options: ScriptedModelOptions = {}) {
    this.#steps = [...steps];
    this.#fallback = options.fallback;
  }

  /**
   * The requests to `/v1/responses` only, one per model call (`requests` also holds anything else codex asked for,
   * such as `GET /v1/models`). `responseRequests[n]` is what codex sent for the script's step `n`.
   */
  get responseRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith("/responses"));
  }

  /**
   * Appends steps to the script.
   *
   * @param steps More steps.
   * @example
   * ```ts
   * model.push(reply("next answer"));
   * ```
   */
  push(...steps: ScriptStep[]): void {
    this.#steps.push(...steps);
  }

  /**
   * Handles one HTTP request.
   *
   * @param request The request.
   * @returns The response (an SSE stream for `POST …/responses`).
   * @example
   * ```ts
   * const response = await model.fetch(new Request("http://127.0.0.1/v1/responses", { method: "POST", body: "{}" }));
   * ```
   */
  fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const text = request.method === "GET" ? "" : await request.text();
    let body: ResponsesRequestBody | null = null;
    try {
      const parsed: unknown = text ? JSON.parse(text) : null;
      body = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? parsed as ResponsesRequestBody : null;
    } catch {
      body = null;
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => (headers[key] = value));
    const recorded: RecordedRequest = { method: request.method, path: url.pathname, headers, body };
    this.requests.push(recorded);
    if (request.method !== "POST" || !url.pathname.endsWith("/responses")) {
      return Response.json({ error: { message: `scripted model: no route for ${request.method} ${url.pathname}` } }, {
        status: 404,
      });
    }
    const index = this.#responses++;
    const step = this.#steps[index] ?? this.#fallback;
    if (!step) {
      return Response.json({
        error: { message: `scripted model: the script has no response for request #${index + 1}`, type: "invalid_request_error" },
      }, { status: 400 });
    }
    const scripted = typeof step === "function" ? await step(recorded, index) : step;
    return this.#respond(scripted, request);
  };

  // Takes the Request, not just its signal: Node stops propagating a Request's signal once the Request itself is
  // garbage-collected (nodejs/node#55428), and an endless stream would then never notice its client leave.
  #respond(step: ScriptedResponse, request: Request): Response {
    if ("httpError" in step) {
      return new Response(step.httpError.body ?? JSON.stringify({ error: { message: "scripted HTTP error" } }), {
        status: step.httpError.status,
        headers: { "content-type": "application/json" },
      });
    }
    const id = `resp_${++this.#ids}`;
    let dropped = false;
    const stream = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        const signal = request.signal;
        const send = (type: string, data: Record<string, unknown>) => controller.enqueue(sse(type, data));
        if ("delayMs" in step && step.delayMs) await sleep(step.delayMs, signal);
        send("response.created", { response: { id, status: "in_progress" } });
        if ("hang" in step) {
          // Keep the stream open with SSE comments until the client disconnects.
          while (!signal.aborted) {
            controller.enqueue(encoder.encode(": keep-alive\n\n"));
            await sleep(100, signal);
          }
          controller.close();
          return;
        }
        if ("fail" in step) {
          send("response.failed", {
            response: { id, status: "failed", error: { code: step.fail.code ?? "server_error", message: step.fail.message } },
          });
          controller.close();
          return;
        }
        (step.output ?? []).forEach((out, index) => this.#sendOutput(send, out, index));
        if ("disconnect" in step) {
          // error only once the reader has drained the items: erroring discards whatever is still queued
          dropped = true;
          if (controller.desiredSize !== null && controller.desiredSize > 0) controller.error(new Error("scripted disconnect"));
          return;
        }
        send("response.completed", { response: { id, status: "completed", usage: usageOf(step.usage) } });
        controller.close();
      },
      pull: (controller) => {
        if (dropped) controller.error(new Error("scripted disconnect"));
      },
    });
    return new Response(stream, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
    });
  }

  #sendOutput(send: (type: string, data: Record<string, unknown>) => void, out: ScriptedOutput, index: number): void {
    const itemId = `item_${this.#ids}_${index}`;
    switch (out.type) {
      case "message": {
        const item = { type: "message", role: "assistant", id: itemId, status: "completed", content: [{ type: "output_text", text: out.text, annotations: [] }] };
        if (out.stream) {
          send("response.output_item.added", { output_index: index, item: { ...item, status: "in_progress", content: [] } });
          for (const delta of out.text.match(/.{1,8}/gsu) ?? []) {
            send("response.output_text.delta", { item_id: itemId, output_index: index, content_index: 0, delta });
          }
        }
        send("response.output_item.done", { output_index: index, item });
        return;
      }
      case "reasoning":
        send("response.output_item.done", {
          output_index: index,
          item: { type: "reasoning", id: itemId, summary: [{ type: "summary_text", text: out.text }] },
        });
        return;
      case "exec_command":
      case "function_call": {
        const name = out.type === "exec_command" ? "exec_command" : out.name;
        const args = out.type === "exec_command" ? { cmd: out.cmd, ...out.extra } : out.arguments;
        send("response.output_item.done", {
          output_index: index,
          item: {
            type: "function_call",
            id: itemId,
            call_id: out.callId ?? `call_${this.#ids}_${index}`,
            name,
            arguments: JSON.stringify(args),
            status: "completed",
          },
        });
        return;
      }
    }
  }
}
