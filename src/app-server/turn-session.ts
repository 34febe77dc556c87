/**
 * One turn on the app-server: its notifications as an async iterator, approvals answered by policy, and `wait()`
 * for the completed turn. In-flight items that never completed (after an interrupt) are closed on `turn/completed`.
 *
 * @module
 */
import {
  CodexAbortError,
  CodexCLIError,
  type CodexError,
  type CodexTransportError,
  type ExitStatus,
  isCodexError,
} from "../errors.ts";
import { isJsonRpcError } from "../jsonrpc/error.ts";
import type {
  ThreadItem as AppServerThreadItem,
  ThreadTokenUsage as AppServerTokenUsage,
  Turn as AppServerTurn,
} from "../gen/protocol.ts";
import type { AppServerConnection } from "./connection.ts";
import type { ApprovalDecisions } from "../thread/approvals.ts";
import { type AppServerNotification, AsyncQueue, threadIdOf, turnIdOf } from "./notifications.ts";

export type { AppServerThreadItem, AppServerTokenUsage, AppServerTurn };

/**
 * The error a turn ends with when its app-server dies: a {@link CodexCLIError} with the exit fields, as exec gives —
 * unless the channel was lost without any exit (neither code nor signal: a remote host gone), where the channel's
 * own typed error (`CodexRelayError`, `HOST_GONE`) says more than an exit could, and is the one exec turns fail with.
 *
 * @param status How the app-server ended.
 * @param reason The transport error pending requests were rejected with.
 * @returns The error.
 */
function appServerExited(status: ExitStatus, reason: CodexTransportError): CodexError {
  if (status.exitCode === null && status.signal === null && isCodexError(reason.cause)) return reason.cause;
  return new CodexCLIError(`Cannot complete the turn: ${reason.message}`, status, { cause: reason });
}

/** A completed app-server turn. */
export interface CompletedTurn {
  /** The turn as `turn/completed` reported it (`status`: completed, interrupted or failed; `error`). */
  turn: AppServerTurn;
  /** Items that completed, in order, plus items still open at the end (closed with their last known state). */
  items: AppServerThreadItem[];
  /** The thread's token usage after the turn (`total` and the last request's `last`), if reported. */
  tokenUsage: AppServerTokenUsage | null;
}

/** Options of a turn session. */
export interface TurnSessionOptions {
  /** How to answer approval requests during this turn. Default: decline. */
  approvals?: ApprovalDecisions;
  /** Extra `turn/start` params (model, effort, outputSchema, sandboxPolicy, approvalPolicy, cwd, …). */
  params?: Record<string, unknown>;
  /**
   * Interrupts the turn (`turn/interrupt`) whenever it aborts — also while `turn/start` is on its way; `wait()` and
   * the iteration then reject with `CodexAbortError` once codex confirmed the interruption (or `interruptTimeoutMs`
   * passed). Already aborted: nothing is sent and `turnSession()` rejects.
   */
  signal?: AbortSignal;
  /** How long an interrupt may take before the session gives up waiting for codex to confirm it. Default 10 000. */
  interruptTimeoutMs?: number;
}

const DEFAULT_INTERRUPT_TIMEOUT_MS = 10_000;

/**
 * A running turn.
 *
 * @example
 * ```ts
 * const session = await client.turnSession(threadId, "Run the tests", { approvals: { commandExecution: "accept" } });
 * for await (const n of session) if (n.method === "item/agentMessage/delta") console.log(n.params.delta);
 * const { turn, items } = await session.wait();
 * ```
 */
export class TurnSession implements AsyncIterable<AppServerNotification> {
  /** The thread. */
  readonly threadId: string;
  /** The turn id (known once `turn/start` answered). */
  turnId: string | null = null;
  readonly #client: AppServerConnection;
  readonly #queue = new AsyncQueue<AppServerNotification>();
  readonly #early: AppServerNotification[] = [];
  readonly #items = new Map<string, AppServerThreadItem>();
  readonly #completedOrder: string[] = [];
  #tokenUsage: AppServerTokenUsage | null = null;
  // Everything that references this session from longer-lived objects (the connection's listener sets, the
  // caller's signal, a timer) is released in #release, so a settled session is garbage as soon as its caller drops it.
  #release: Array<() => void> = [];
  #settled = false;
  #error: unknown = null;
  #abortReason: { reason: unknown } | null = null;
  #interruptTimeoutMs = DEFAULT_INTERRUPT_TIMEOUT_MS;
  readonly #done: Promise<CompletedTurn>;
  #resolve!: (turn: CompletedTurn) => void;
  #reject!: (err: unknown) => void;

  /**
   * Use `client.turnSession(...)`.
   *
   * @param client The connection.
   * @param threadId The thread.
   */
  constructor(client: AppServerConnection, threadId: string) {
    this.#client = client;
    this.threadId = threadId;
    this.#done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#done.catch(() => {}); // surfaced through wait() / iteration
  }

  /** Whether the turn is over: completed, interrupted, failed, aborted, or its app-server gone. */
  get settled(): boolean {
    return this.#settled;
  }

  /**
   * Starts the turn. Notifications are captured before `turn/start` is sent, so none is missed.
   *
   * @param input App-server `UserInput` items.
   * @param options Approvals, extra params, and the signal.
   * @returns This session.
   * @throws {JsonRpcError} When `turn/start` fails.
   * @throws {CodexAbortError} When the signal was already aborted (nothing is sent), or aborted while `turn/start`
   *   went unanswered for `interruptTimeoutMs`.
   * @throws {CodexCLIError} When the app-server exits before answering (a remote channel lost without an exit: its
   *   own error, e.g. `CodexRelayError` with `reason: "HOST_GONE"`).
   */
  async start(input: Array<Record<string, unknown>>, options: TurnSessionOptions = {}): Promise<this> {
    const { signal } = options;
    if (signal?.aborted) {
      throw new CodexAbortError("Cannot start the turn: the signal was aborted", { cause: signal.reason });
    }
    this.#interruptTimeoutMs = options.interruptTimeoutMs ?? DEFAULT_INTERRUPT_TIMEOUT_MS;
    if (options.approvals) this.#client.setThreadApprovals(this.threadId, options.approvals);
    this.#release.push(
      this.#client.on("*", (params, method) => this.#onNotification(method, params), { threadId: this.threadId }),
      this.#client.onClose((status, reason) => this.#fail(appServerExited(status, reason))),
    );
    if (signal) {
      const onAbort = () => this.abort(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      this.#release.push(() => signal.removeEventListener("abort", onAbort));
    }
    const answered = this.#client.request("turn/start", {
      ...options.params,
      threadId: this.threadId,
      input,
    } as never) as Promise<{ turn: AppServerTurn }>;
    try {
      // the session can settle first: an abort whose turn/start stays unanswered, or the app-server exiting
      const { turn } = await Promise.race([answered, this.#done as Promise<never>]);
      this.turnId = turn.id;
    } catch (err) {
      this.#fail(err);
      // a turn/start answered after we gave up still started a turn: interrupt it rather than leave it running
      answered.then(
        ({ turn }) => this.#client.request("turn/interrupt", { threadId: this.threadId, turnId: turn.id }),
        () => {},
      ).catch(() => {});
      throw this.#error ?? err;
    }
    for (const n of this.#early.splice(0)) this.#accept(n);
    // aborted while turn/start was on its way: the turn exists now, so interrupt it
    if (this.#abortReason && !this.#settled) this.#sendInterrupt();
    return this;
  }

  /**
   * Aborts the turn: interrupts it (`turn/interrupt`, sent as soon as the turn id is known) and makes `wait()` and
   * the iteration reject with `CodexAbortError` once codex confirmed — or after `interruptTimeoutMs`, so it always
   * settles. A no-op once the turn is over.
   *
   * @param reason The abort reason (the error's `cause`).
   */
  abort(reason?: unknown): void {
    if (this.#settled || this.#abortReason) return;
    this.#abortReason = { reason };
    // bounds the wait for codex: an unanswered turn/start or an unconfirmed interrupt still settles the session
    const timer = setTimeout(() => this.#fail(this.#abortError("codex did not confirm the interrupt")), this.#interruptTimeoutMs);
    this.#release.push(() => clearTimeout(timer));
    if (this.turnId !== null) this.#sendInterrupt();
  }

  #abortError(detail?: string): CodexAbortError {
    const message = `Turn aborted: the signal was aborted${detail ? ` (${detail})` : ""}`;
    return new CodexAbortError(message, { cause: this.#abortReason?.reason });
  }

  #sendInterrupt(attempt = 0): void {
    this.#client.request("turn/interrupt", { threadId: this.threadId, turnId: this.turnId! }).catch((err) => {
      // Gone app-server: the close listener settles the session. But codex also answers "no active turn to
      // interrupt" for a turn it has accepted and not yet set up, and that turn then runs on: ask again shortly,
      // until the turn ends (the abort timer bounds it).
      if (this.#settled || !isJsonRpcError(err)) return;
      const timer = setTimeout(() => this.#sendInterrupt(attempt + 1), Math.min(25 * 2 ** attempt, 400));
      this.#release.push(() => clearTimeout(timer));
    });
  }

  #onNotification(method: string, params: unknown): void {
    const n = { method, params } as AppServerNotification;
    if (this.turnId === null) this.#early.push(n);
    else this.#accept(n);
  }

  #accept(n: AppServerNotification): void {
    if (this.#settled) return;
    const turn = turnIdOf(n.params);
    // thread-scoped notifications (status, usage without a turn) belong to the running turn too
    if (turn !== undefined && turn !== this.turnId) return;
    if (threadIdOf(n.params) !== this.threadId) return;
    switch (n.method) {
      case "item/started":
        this.#items.set(n.params.item.id, n.params.item);
        break;
      case "item/completed":
        this.#items.set(n.params.item.id, n.params.item);
        this.#completedOrder.push(n.params.item.id);
        break;
      case "thread/tokenUsage/updated":
        this.#tokenUsage = n.params.tokenUsage;
        break;
    }
    this.#queue.push(n);
    if (n.method === "turn/completed") this.#finish(n.params.turn);
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    for (const release of this.#release.splice(0)) release();
    this.#early.length = 0;
    this.#client.setThreadApprovals(this.threadId, null);
    return true;
  }

  #finish(turn: AppServerTurn): void {
    // an abort wins over an interrupted or failed end; a turn that completed before the interrupt stays completed
    if (this.#abortReason && turn.status !== "completed") return this.#fail(this.#abortError());
    if (!this.#settle()) return;
    const open = [...this.#items.keys()].filter((id) => !this.#completedOrder.includes(id));
    const items = [...this.#completedOrder, ...open].map((id) => this.#items.get(id)!);
    this.#queue.end();
    this.#resolve({ turn, items, tokenUsage: this.#tokenUsage });
  }

  #fail(err: unknown): void {
    if (!this.#settle()) return;
    this.#error = err;
    this.#queue.fail(err);
    this.#reject(err);
  }

  /**
   * Iterates the turn's notifications.
   * @returns The turn's notifications, ending after `turn/completed`.
   */
  [Symbol.asyncIterator](): AsyncIterator<AppServerNotification> {
    return this.#queue[Symbol.asyncIterator]();
  }

  /**
   * Waits for the turn to complete.
   * @returns The completed turn (also when it was interrupted or failed: check `turn.status`).
   * @throws {CodexCLIError} When the app-server exits first (`exitCode`, `signal`, `stderrTail`); a remote channel
   *   lost without an exit fails with its own error (`CodexRelayError`, `reason: "HOST_GONE"`).
   * @throws {CodexAbortError} When the session's signal aborted (or {@link TurnSession.abort} was called).
   */
  wait(): Promise<CompletedTurn> {
    return this.#done;
  }

  /**
   * Interrupts the turn; `wait()` then resolves with status `interrupted`.
   *
   * @returns When codex acknowledged.
   */
  async interrupt(): Promise<void> {
    if (!this.turnId) return;
    await this.#client.request("turn/interrupt", { threadId: this.threadId, turnId: this.turnId });
  }

  /**
   * Adds input to the running turn.
   *
   * @param input App-server `UserInput` items.
   * @returns When codex accepted it.
   */
  async steer(input: Array<Record<string, unknown>>): Promise<void> {
    await this.#client.request("turn/steer", {
      threadId: this.threadId,
      expectedTurnId: this.turnId!,
      input,
    } as never);
  }
}
