/**
 * A pool of app-server backends behind one {@link TurnBackend}: `new Codex({ backend: "app-server", appServerPool: n })`
 * runs up to `n` `codex app-server` processes and spreads threads over them. One app-server runs many turns at once,
 * but its request loop takes requests one at a time, so many threads starting together queue behind each other's
 * `thread/start`; a few app-servers start threads side by side and use more cores, at about 150 MB each. Worth it
 * with spare cores; on a machine that is already CPU-bound it buys nothing (see the concurrency benchmark).
 *
 * A thread sticks to the app-server that ran its first turn (its state, running total and rollout writer live
 * there); a new thread goes to the app-server with the fewest turns running, the first one on a tie, so a pool that
 * is never busy starts only one app-server.
 *
 * @module
 */
import type { ThreadTarget, TurnBackend, TurnControl, TurnRequest } from "../thread/backend.ts";
import type { ThreadEvent } from "../thread/events.ts";
import type { UserInput } from "../thread/input.ts";
import type { AppServerClient } from "./client.ts";
import { AppServerThreadBackend } from "./thread-backend.ts";
import { checkAppServerPoolSize } from "./backend-checks.ts";

interface Member {
  backend: AppServerThreadBackend;
  running: number;
}

/**
 * Runs `Thread` turns on a pool of lazily started app-servers.
 *
 * @example
 * ```ts
 * const backend = new AppServerBackendPool(4, () => codex.connectAppServer());
 * ```
 */
export class AppServerBackendPool implements TurnBackend {
  readonly #members: Member[];
  readonly #home = new Map<string, Member>();

  /**
   * Creates a pool; no app-server starts before a turn needs it.
   *
   * @param size How many app-servers at most (1 to 64).
   * @param connect Starts one connected client; called once per member that gets work (and again if it died).
   * @throws {CodexOptionsError} When `size` is not an integer in range.
   */
  constructor(size: number, connect: () => Promise<AppServerClient>) {
    checkAppServerPoolSize(size);
    this.#members = Array.from({ length: size }, () => ({ backend: new AppServerThreadBackend(connect), running: 0 }));
  }

  /** How many app-servers the pool may run. */
  get size(): number {
    return this.#members.length;
  }

  /**
   * Rejects what the app-server backend cannot run, as a single app-server would.
   *
   * @param request The turn.
   * @throws {CodexOptionsError} Naming the option or input part it cannot run.
   */
  checkRequest(request: TurnRequest): void {
    (this.#members[0]!.backend as TurnBackend).checkRequest?.(request);
  }

  #pick(threadId: string | null): Member {
    const home = threadId ? this.#home.get(threadId) : undefined;
    if (home) return home;
    let best = this.#members[0]!;
    for (const m of this.#members) if (m.running < best.running) best = m;
    return best;
  }

  /**
   * Runs one turn on the thread's app-server (a new thread's: the least busy one).
   *
   * @param request The turn and thread.
   * @param control Cancellation and the turn-id callback.
   * @returns The member backend's events.
   */
  async *runTurn(request: TurnRequest & ThreadTarget, control: TurnControl): AsyncGenerator<ThreadEvent, void, undefined> {
    const member = this.#pick(request.threadId);
    member.running++;
    try {
      for await (const event of member.backend.runTurn(request, control)) {
        if (event.type === "thread.started") this.#home.set(event.thread_id, member);
        yield event;
      }
    } finally {
      member.running--;
    }
  }

  /**
   * Adds input to a running turn, on the app-server running it.
   *
   * @param threadId The thread.
   * @param turnId The running turn.
   * @param parts More input.
   * @returns When accepted.
   */
  steer(threadId: string, turnId: string, parts: UserInput[]): Promise<void> {
    return this.#pick(threadId).backend.steer(threadId, turnId, parts);
  }

  /**
   * Stops every app-server the pool started.
   *
   * @returns When all have exited.
   */
  async close(): Promise<void> {
    await Promise.all(this.#members.map((m) => m.backend.close()));
  }
}

/**
 * The app-server backend for a pool size: one {@link AppServerThreadBackend} for 1, a pool above.
 *
 * @param size `appServerPool` (default 1).
 * @param connect Starts one connected client.
 * @returns The backend.
 * @throws {CodexOptionsError} When `size` is out of range.
 * @example
 * ```ts
 * const backend = appServerBackend(4, () => codex.connectAppServer());
 * ```
 */
export function appServerBackend(size: number, connect: () => Promise<AppServerClient>): TurnBackend {
  return size === 1 ? new AppServerThreadBackend(connect) : new AppServerBackendPool(size, connect);
}
