// What the abort and leak tests need to see from outside the SDK: which model streams codex still holds open (a
// turn that keeps running keeps its model request open), and what went over an app-server's stdin (turn/start,
// turn/interrupt), with a hook that runs the moment a request is written — to abort during its round trip.
import type { Channel, LaunchSpec, OpenOptions, Transport } from "@codexkit/sdk";
import {
  listenHttp,
  type ScriptedModelServer,
  ScriptedModel,
  scriptedModelConfig,
  type ScriptStep,
} from "@codexkit/sdk/testing";
import { eventually } from "./process-state.ts";

export interface TrackedModel {
  server: ScriptedModelServer;
  /** Model responses whose stream is still open (codex has not disconnected and the stream has not ended). */
  live(): number;
  /** Waits (a liveness bound, not a timing assertion) until no model stream is open; returns whether it got there. */
  idle(timeoutMs?: number): Promise<boolean>;
}

/** A scripted model on 127.0.0.1 that answers every request with `step` and counts the streams still open. */
export async function startTrackedModel(step: ScriptStep): Promise<TrackedModel> {
  const model = new ScriptedModel([], { fallback: step });
  const open = new Set<Request>();
  const listener = await listenHttp(async (request) => {
    const response = await model.fetch(request);
    if (!response.body) return response;
    // The Request stays referenced until its stream ends or codex leaves (its signal is what the hang step polls).
    open.add(request);
    const done = () => open.delete(request);
    request.signal.addEventListener("abort", done, { once: true });
    // A stream ends for us when it completes, when the server cancels it (Deno and Bun cancel the body when the
    // client disconnects) or when the request's signal aborts (Node).
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done: ended, value } = await reader.read();
        if (ended) {
          done();
          controller.close();
        } else controller.enqueue(value);
      },
      cancel(reason) {
        done();
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  });
  const baseUrl = `${listener.url}/v1`;
  const server: ScriptedModelServer = {
    model,
    baseUrl,
    config: scriptedModelConfig(baseUrl),
    requests: model.requests,
    httpServer: listener.server,
    close: () => listener.close(),
    [Symbol.asyncDispose]: () => listener.close(),
  };
  return { server, live: () => open.size, idle: (timeoutMs = 10_000) => eventually(() => open.size === 0, timeoutMs) };
}

/** The text of the newest user message in a Responses request body (codex resends the history each turn). */
export function lastUserText(body: { input?: Array<Record<string, any>> } | null): string {
  const users = (body?.input ?? []).filter((i) => i.type === "message" && i.role === "user");
  const content = users.at(-1)?.content ?? [];
  return content.filter((c: any) => c.type === "input_text").map((c: any) => c.text as string).join("");
}

/** Records the JSON-RPC methods written to app-server channels and calls `onRequest` as each is written. */
export class WireTap implements Transport {
  readonly methods: string[] = [];
  onRequest: ((method: string) => void) | null = null;
  readonly #inner: Transport;
  constructor(inner: Transport) {
    this.#inner = inner;
  }
  async open(spec: LaunchSpec, options?: OpenOptions): Promise<Channel> {
    const channel = await this.#inner.open(spec, options);
    if (spec.mode !== "app-server") return channel;
    const tap = this;
    const tapped: Channel = {
      ...(channel.pid !== undefined ? { pid: channel.pid } : {}),
      lines: channel.lines,
      exited: channel.exited,
      async write(line: string): Promise<void> {
        // before the write: whatever onRequest does happens while the request is sure to be unanswered
        const method = (JSON.parse(line) as { method?: unknown }).method;
        if (typeof method === "string") {
          tap.methods.push(method);
          tap.onRequest?.(method);
        }
        await channel.write(line);
      },
      closeStdin: () => channel.closeStdin(),
      kill: () => channel.kill(),
      stderrTail: () => channel.stderrTail(),
    };
    return tapped;
  }
  readThreadUsage: Transport["readThreadUsage"] = (threadId, options) =>
    this.#inner.readThreadUsage?.(threadId, options) ?? Promise.resolve(null);
}
