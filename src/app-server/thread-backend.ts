/**
 * The app-server backend of `Thread`: one long-lived `codex app-server` per `Codex`, turns started with
 * `turn/start`, and notifications translated to the thread event vocabulary plus `item.delta` events. An abort
 * interrupts the turn (`turn/interrupt`); the app-server survives for the next turn.
 *
 * @module
 */
import { CodexAbortError, CodexError } from "../errors.ts";
import type { LaunchOptions } from "../options.ts";
import type { ThreadTarget, TurnBackend, TurnControl, TurnRequest } from "../thread/backend.ts";
import type { ThreadEvent, Usage } from "../thread/events.ts";
import type { UserInput } from "../thread/input.ts";
import type { ThreadItem } from "../thread/items.ts";
import { ZERO_USAGE } from "../thread/usage.ts";
import type { AppServerClient } from "./client.ts";
import { toAppServerInput } from "./input.ts";
import type { AppServerNotification } from "./notifications.ts";
import { toExecItem, toExecUsage } from "./to-thread-items.ts";
import { TurnSession } from "./turn-session.ts";

const DELTAS: Record<string, "agent_message" | "reasoning" | "command_execution"> = {
  "item/agentMessage/delta": "agent_message",
  "item/reasoning/summaryTextDelta": "reasoning",
  "item/reasoning/textDelta": "reasoning",
  "item/commandExecution/outputDelta": "command_execution",
};

function parseRawValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.replace(/^'(.*)'$/, "$1");
  }
}

/**
 * Thread options as `thread/start` / `thread/resume` params.
 *
 * @param o Merged launch options.
 * @returns The params.
 * @example
 * ```ts
 * threadParams({ model: "gpt-5", sandboxMode: "read-only" }); // { model: "gpt-5", sandbox: "read-only" }
 * ```
 */
export function threadParams(o: LaunchOptions): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (o.modelReasoningEffort) config.model_reasoning_effort = o.modelReasoningEffort;
  if (o.networkAccessEnabled !== undefined) config["sandbox_workspace_write.network_access"] = o.networkAccessEnabled;
  if (o.additionalDirectories?.length) config["sandbox_workspace_write.writable_roots"] = o.additionalDirectories;
  const search = o.webSearchMode ?? (o.webSearchCachedEnabled ? "cached" : o.webSearchEnabled === undefined ? undefined : o.webSearchEnabled ? "live" : "disabled");
  if (search) config.web_search = search;
  for (const [k, v] of Object.entries(o.featureOverrides ?? {})) config[`features.${k}`] = v;
  const features: Array<[keyof LaunchOptions, string]> = [
    ["shellSnapshotEnabled", "shell_snapshot"],
    ["backgroundTerminalsEnabled", "unified_exec"],
    ["applyPatchFreeformEnabled", "apply_patch_freeform"],
    ["remoteModelsEnabled", "remote_models"],
    ["requestCompressionEnabled", "enable_request_compression"],
  ];
  for (const [option, feature] of features) if (o[option] !== undefined) config[`features.${feature}`] = o[option];
  for (const pair of o.configOverrides ?? []) {
    const eq = pair.indexOf("=");
    config[pair.slice(0, eq).trim()] = parseRawValue(pair.slice(eq + 1).trim());
  }
  const params: Record<string, unknown> = {};
  if (o.workingDirectory) params.cwd = o.workingDirectory;
  if (o.model) params.model = o.model;
  if (o.sandboxMode) params.sandbox = o.sandboxMode;
  if (o.approvalPolicy) params.approvalPolicy = o.approvalPolicy;
  if (o.ephemeral) params.ephemeral = true;
  if (Object.keys(config).length > 0) params.config = config;
  return params;
}

/**
 * Runs `Thread` turns on a shared app-server.
 *
 * @example
 * ```ts
 * const backend = new AppServerThreadBackend(() => codex.connectAppServer());
 * ```
 */
export class AppServerThreadBackend implements TurnBackend {
  readonly #connect: () => Promise<AppServerClient>;
  #client: Promise<AppServerClient> | null = null;
  #exited = false;
  readonly #loaded = new Set<string>();
  readonly #totals = new Map<string, Usage>();

  /**
   * Creates a backend that shares one lazily started app-server client.
   * @param connect Starts a connected client (called lazily, and again if the app-server died).
   */
  constructor(connect: () => Promise<AppServerClient>) {
    this.#connect = connect;
  }

  /**
   * Returns the shared app-server client.
   * @returns The shared client, (re)started on demand.
   */
  client(): Promise<AppServerClient> {
    if (!this.#client || this.#exited) {
      this.#exited = false;
      this.#loaded.clear();
      const pending = this.#connect();
      this.#client = pending;
      pending.then((c) => c.closed.then(() => (this.#exited = true)), () => (this.#client = null));
    }
    return this.#client;
  }

  /**
   * Stops the app-server, if one is running.
   *
   * @returns When it has exited.
   */
  async close(): Promise<void> {
    const pending = this.#client;
    this.#client = null;
    if (pending) await (await pending.catch(() => null))?.close();
  }

  /**
   * Adds input to a running turn.
   * @param threadId The thread.
   * @param turnId The running turn.
   * @param parts More input.
   * @returns When accepted.
   */
  async steer(threadId: string, turnId: string, parts: UserInput[]): Promise<void> {
    const client = await this.client();
    await client.request("turn/steer", { threadId, expectedTurnId: turnId, input: toAppServerInput(parts) } as never);
  }

  async #openThread(client: AppServerClient, request: TurnRequest & ThreadTarget) {
    const params = threadParams(request.options);
    let threadId = request.threadId;
    if (!threadId && request.resumeLast) {
      const { data } = await client.listThreads({ limit: 1, sortKey: "updated_at" } as never);
      threadId = data[0]?.id ?? null;
      if (!threadId) throw new CodexError("Cannot resume the last thread: there is no recorded thread");
    }
    if (!threadId) {
      const { thread } = await client.startThread(params);
      this.#loaded.add(thread.id);
      return thread.id;
    }
    if (!this.#loaded.has(threadId)) {
      await client.resumeThread({ ...params, threadId } as never);
      this.#loaded.add(threadId);
    }
    return threadId;
  }

  /**
   * Runs one turn.
   *
   * @param request The turn and thread.
   * @param options Cancellation and the turn-id callback.
   * @returns Exec-vocabulary events plus `item.delta`.
   */
  async *runTurn(
    request: TurnRequest & ThreadTarget,
    options: TurnControl,
  ): AsyncGenerator<ThreadEvent, void, undefined> {
    const { signal } = options;
    const client = await this.client();
    const threadId = await this.#openThread(client, request);
    yield { type: "thread.started", thread_id: threadId };
    if (signal?.aborted) throw new CodexAbortError(undefined, { cause: signal.reason });
    const session = await new TurnSession(client, threadId).start(toAppServerInput(request.parts), {
      approvals: request.approvals ?? {},
      params: request.outputSchema ? { outputSchema: request.outputSchema } : {},
    });
    options.onTurnId(session.turnId!);
    const onAbort = () => void session.interrupt().catch(() => {});
    signal?.addEventListener("abort", onAbort, { once: true });
    const open = new Map<string, ThreadItem>();
    let warnings = 0;
    try {
      for await (const n of session) {
        const event = this.#toEvent(n, threadId, open, () => warnings++);
        if (event) yield event;
        if (n.method !== "turn/completed") continue;
        for (const item of open.values()) {
          // after an interrupt codex may never complete in-flight items: close them here
          const status = "status" in item && item.status === "in_progress" ? { status: "failed" } : {};
          yield { type: "item.completed", item: { ...item, ...status } as ThreadItem };
        }
        const turn = n.params.turn;
        if (turn.status === "interrupted" && signal?.aborted) throw new CodexAbortError(undefined, { cause: signal.reason });
        if (turn.status === "completed") {
          yield { type: "turn.completed", usage: this.#totals.get(threadId) ?? { ...ZERO_USAGE } };
        } else {
          yield { type: "turn.failed", error: { message: turn.error?.message ?? `Turn ${turn.status}` } };
        }
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }

  #toEvent(
    n: AppServerNotification,
    threadId: string,
    open: Map<string, ThreadItem>,
    nextWarning: () => number,
  ): ThreadEvent | null {
    const delta = DELTAS[n.method];
    if (delta) {
      const p = n.params as { itemId: string; delta: string };
      return { type: "item.delta", item_id: p.itemId, item_type: delta, delta: p.delta };
    }
    switch (n.method) {
      case "turn/started":
        return { type: "turn.started" };
      case "item/started":
      case "item/completed": {
        const item = toExecItem(n.params.item);
        if (!item) return null;
        if (n.method === "item/started") {
          open.set(item.id, item);
          return { type: "item.started", item };
        }
        open.delete(item.id);
        return { type: "item.completed", item };
      }
      case "thread/tokenUsage/updated":
        this.#totals.set(threadId, toExecUsage(n.params.tokenUsage.total));
        return null;
      case "error":
        return { type: "error", message: n.params.error.message };
      case "warning":
        // exec mode reports these notices as error items; keep the vocabularies aligned
        return { type: "item.completed", item: { id: `warning_${nextWarning()}`, type: "error", message: n.params.message } };
      default:
        return null;
    }
  }
}
