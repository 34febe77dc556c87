/**
 * The app-server backend of `Thread`: one long-lived `codex app-server` per `Codex`, turns started with
 * `turn/start`, and notifications translated to the thread event vocabulary plus `item.delta` events. An abort
 * interrupts the turn (`turn/interrupt`); the app-server survives for the next turn.
 *
 * @module
 */
import { CodexAbortError, CodexError, isCodexAbortError } from "../errors.ts";
import { isJsonRpcError } from "../jsonrpc/error.ts";
import { resolveFeatures, resolveWebSearchMode } from "../launch-features.ts";
import type { LaunchOptions } from "../options.ts";
import type { ThreadTarget, TurnBackend, TurnControl, TurnRequest } from "../thread/backend.ts";
import type { ThreadEvent, Usage } from "../thread/events.ts";
import type { UserInput } from "../thread/input.ts";
import type { ThreadItem } from "../thread/items.ts";
import { ZERO_USAGE } from "../thread/usage.ts";
import type { AppServerClient } from "./client.ts";
import { refuseExecOnlyOptions } from "./backend-checks.ts";
import { toAppServerInput } from "./input.ts";
import type { AppServerNotification } from "./notifications.ts";
import { toExecItem, toExecUsage } from "./to-thread-items.ts";
import { TurnSession } from "./turn-session.ts";

// after a failed write, how long to wait for the app-server's exit to tell a dead app-server from a slow one
const DIED_UNDER_WAIT_MS = 2_000;

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
  const search = resolveWebSearchMode(o);
  if (search) config.web_search = search;
  for (const [feature, enabled] of Object.entries(resolveFeatures(o))) config[`features.${feature}`] = enabled;
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
  if (o.personality) params.personality = o.personality;
  if (o.approvalsReviewer) params.approvalsReviewer = o.approvalsReviewer;
  if (o.developerInstructions !== undefined) params.developerInstructions = o.developerInstructions;
  if (o.modelInstructionsFile) config.model_instructions_file = o.modelInstructionsFile;
  if (Object.keys(config).length > 0) params.config = config;
  return params;
}

/** Options of {@link AppServerThreadBackend}. */
export interface AppServerThreadBackendOptions {
  /**
   * How long an aborted or abandoned turn may take to confirm its interrupt before the backend stops waiting.
   * Default 10 000.
   */
  interruptTimeoutMs?: number;
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
  readonly #interruptTimeoutMs: number | undefined;
  #client: Promise<AppServerClient> | null = null;
  #current: AppServerClient | null = null;
  readonly #loaded = new Set<string>();
  readonly #totals = new Map<string, Usage>();

  /**
   * Creates a backend that shares one lazily started app-server client.
   * @param connect Starts a connected client (called lazily, and again if the app-server died).
   * @param options The interrupt timeout.
   */
  constructor(connect: () => Promise<AppServerClient>, options: AppServerThreadBackendOptions = {}) {
    this.#connect = connect;
    this.#interruptTimeoutMs = options.interruptTimeoutMs;
  }

  /**
   * Returns the shared app-server client, starting a fresh one when there is none or the last one is gone — decided
   * synchronously on the client's own state, so a turn issued between a crash and `closed` gets a new app-server.
   * @returns The shared client, (re)started on demand.
   */
  client(): Promise<AppServerClient> {
    if (!this.#client || this.#current?.isClosed) {
      this.#current = null;
      this.#loaded.clear();
      const pending = this.#connect();
      this.#client = pending;
      pending.then((c) => {
        if (this.#client === pending) this.#current = c;
      }, () => {
        if (this.#client === pending) this.#client = null;
      });
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
    this.#current = null;
    if (pending) await (await pending.catch(() => null))?.close();
  }

  /**
   * Refuses options only `codex exec` has, before anything starts.
   * @param request The turn request.
   * @throws {CodexOptionsError} For `cyberAccessProgram`, `remote` or `remoteAuthTokenEnv`.
   */
  checkRequest(request: TurnRequest): void {
    refuseExecOnlyOptions(request);
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

  async #openThread(client: AppServerClient, request: TurnRequest & ThreadTarget, signal: AbortSignal | undefined) {
    const params = threadParams(request.options);
    const options = signal ? { signal } : {};
    let threadId = request.threadId;
    if (!threadId && request.resumeLast) {
      const { data } = await client.request("thread/list", { limit: 1, sortKey: "updated_at" } as never, options);
      threadId = data[0]?.id ?? null;
      if (!threadId) throw new CodexError("Cannot resume the last thread: there is no recorded thread");
    }
    if (!threadId) {
      const { thread } = await client.request("thread/start", params as never, options);
      this.#loaded.add(thread.id);
      return thread.id;
    }
    if (!this.#loaded.has(threadId)) {
      await client.request("thread/resume", { ...params, threadId } as never, options);
      this.#loaded.add(threadId);
    }
    return threadId;
  }

  /**
   * Runs one turn. An abort interrupts it — at any moment, also while `turn/start` is on its way — and the events
   * end with `CodexAbortError` once codex confirmed; leaving the iteration early (a `break`, a throwing hook)
   * interrupts the turn the same way, so the thread is free for its next turn when the iteration has returned.
   *
   * @param request The turn and thread.
   * @param options Cancellation and the turn-id callback.
   * @returns Exec-vocabulary events plus `item.delta`.
   * @throws {CodexAbortError} When the signal aborts.
   * @throws {CodexCLIError} When the app-server dies during the turn (`exitCode`, `signal`, `stderrTail`).
   */
  async *runTurn(
    request: TurnRequest & ThreadTarget,
    options: TurnControl,
  ): AsyncGenerator<ThreadEvent, void, undefined> {
    const { signal } = options;
    if (signal?.aborted) throw abortError(signal);
    let threadId: string | null = null;
    let session: TurnSession;
    // Connect, open the thread, start the turn. When the app-server turns out to be dead (it crashed and `closed`
    // has not fired yet), nothing has run: start over once on a fresh app-server.
    for (let attempt = 0;; attempt++) {
      const client = await untilAborted(this.client(), signal);
      try {
        const opened = await this.#openThread(client, { ...request, threadId: threadId ?? request.threadId }, signal);
        if (threadId === null) {
          threadId = opened;
          yield { type: "thread.started", thread_id: threadId };
        }
        session = await new TurnSession(client, threadId).start(toAppServerInput(request.parts), {
          approvals: request.approvals ?? {},
          params: request.outputSchema ? { outputSchema: request.outputSchema } : {},
          ...(signal ? { signal } : {}),
          ...(this.#interruptTimeoutMs !== undefined ? { interruptTimeoutMs: this.#interruptTimeoutMs } : {}),
        });
        break;
      } catch (err) {
        if (signal?.aborted) throw abortError(signal, err);
        if (attempt > 0 || !(await diedUnder(client, err))) throw err;
      }
    }
    try {
      options.onTurnId(session.turnId!);
      const open = new Map<string, ThreadItem>();
      let warnings = 0;
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
        if (turn.status === "completed") {
          yield { type: "turn.completed", usage: this.#totals.get(threadId) ?? { ...ZERO_USAGE } };
        } else if (turn.status !== "interrupted" || !signal?.aborted) {
          yield { type: "turn.failed", error: { message: turn.error?.message ?? `Turn ${turn.status}` } };
        }
      }
    } finally {
      // left early (break, a throwing hook, an error downstream): stop the turn and wait until codex has, so the
      // thread's next turn starts on an idle thread rather than joining this one
      if (!session.settled) {
        session.abort(new CodexAbortError("Turn abandoned: the caller stopped reading its events"));
        await session.wait().catch(() => {});
      }
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

function abortError(signal: AbortSignal, err?: unknown): CodexAbortError {
  return isCodexAbortError(err) ? err as CodexAbortError : new CodexAbortError(undefined, { cause: signal.reason });
}

/**
 * Waits for a promise unless the signal aborts first (the promise goes on; only the wait ends).
 * @param promise What to wait for.
 * @param signal Ends the wait with `CodexAbortError`.
 * @returns The promise's value.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * Whether a failed request failed because its app-server died (it may still be in the moment between the crash
 * and `closed`): a protocol answer or an abort is not that.
 * @param client The client the request went to.
 * @param err The failure.
 * @returns Whether the app-server is gone.
 */
async function diedUnder(client: AppServerClient, err: unknown): Promise<boolean> {
  if (isJsonRpcError(err) || isCodexAbortError(err)) return false;
  if (client.isClosed) return true;
  return await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(false);
    }, DIED_UNDER_WAIT_MS);
    const off = client.onClose(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
