/**
 * One turn on the app-server: its notifications as an async iterator, approvals answered by policy, and `wait()`
 * for the completed turn. In-flight items that never completed (after an interrupt) are closed on `turn/completed`.
 *
 * @module
 */
import { CodexTransportError } from "../errors.ts";
import type {
  ThreadItem as AppServerThreadItem,
  ThreadTokenUsage as AppServerTokenUsage,
  Turn as AppServerTurn,
} from "../gen/protocol.ts";
import type { AppServerConnection } from "./connection.ts";
import type { ApprovalDecisions } from "../thread/approvals.ts";
import { type AppServerNotification, AsyncQueue, threadIdOf, turnIdOf } from "./notifications.ts";

export type { AppServerThreadItem, AppServerTokenUsage, AppServerTurn };

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
}

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
  #off: () => void = () => {};
  #settled = false;
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

  /**
   * Starts the turn. Notifications are captured before `turn/start` is sent, so none is missed.
   *
   * @param input App-server `UserInput` items.
   * @param options Approvals and extra params.
   * @returns This session.
   * @throws {JsonRpcError} When `turn/start` fails.
   */
  async start(input: Array<Record<string, unknown>>, options: TurnSessionOptions = {}): Promise<this> {
    if (options.approvals) this.#client.setThreadApprovals(this.threadId, options.approvals);
    this.#off = this.#client.on("*", (params, method) => this.#onNotification(method, params), {
      threadId: this.threadId,
    });
    void this.#client.closed.then((status) =>
      this.#fail(
        new CodexTransportError(`Cannot complete the turn: codex app-server exited (code ${status.exitCode})`),
      )
    );
    try {
      const { turn } = await this.#client.request("turn/start", {
        ...options.params,
        threadId: this.threadId,
        input,
      } as never);
      this.turnId = turn.id;
    } catch (err) {
      this.#fail(err);
      throw err;
    }
    for (const n of this.#early.splice(0)) this.#accept(n);
    return this;
  }

  #onNotification(method: string, params: unknown): void {
    const n = { method, params } as AppServerNotification;
    if (this.turnId === null) this.#early.push(n);
    else this.#accept(n);
  }

  #accept(n: AppServerNotification): void {
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

  #finish(turn: AppServerTurn): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#off();
    this.#client.setThreadApprovals(this.threadId, null);
    const open = [...this.#items.keys()].filter((id) => !this.#completedOrder.includes(id));
    const items = [...this.#completedOrder, ...open].map((id) => this.#items.get(id)!);
    this.#queue.end();
    this.#resolve({ turn, items, tokenUsage: this.#tokenUsage });
  }

  #fail(err: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#off();
    this.#client.setThreadApprovals(this.threadId, null);
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
   * @throws {CodexTransportError} When the app-server exits first.
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
