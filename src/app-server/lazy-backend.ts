/**
 * The app-server backend as `Codex` holds it: a {@link TurnBackend} that loads the app-server client, its JSON-RPC
 * peer and the thread backend with a dynamic `import()` when the first turn runs. A program that only runs exec turns
 * — a browser page above all, where every kilobyte loads before the page works — never loads them; one that runs
 * app-server turns pays one module load, once. Checks that need none of that code run eagerly.
 *
 * @module
 */
import type { ThreadEvent } from "../thread/events.ts";
import type { ThreadTarget, TurnBackend, TurnControl, TurnRequest } from "../thread/backend.ts";
import type { UserInput } from "../thread/input.ts";
import { checkAppServerPoolSize, refuseExecOnlyOptions } from "./backend-checks.ts";
import type { AppServerClient } from "./client.ts";

/**
 * The app-server backend for a pool size, loaded on first use: one app-server for 1, a pool above.
 *
 * @param size `appServerPool` (default 1).
 * @param connect Starts one connected client.
 * @returns The backend.
 * @throws {CodexOptionsError} When `size` is out of range.
 * @example
 * ```ts
 * const backend = lazyAppServerBackend(4, () => codex.connectAppServer());
 * ```
 */
export function lazyAppServerBackend(size: number, connect: () => Promise<AppServerClient>): TurnBackend {
  checkAppServerPoolSize(size);
  let loaded: Promise<TurnBackend> | undefined;
  const load = () => (loaded ??= import("./mod.ts").then((m) => m.appServerBackend(size, connect)));
  return {
    checkRequest: refuseExecOnlyOptions,
    async *runTurn(request: TurnRequest & ThreadTarget, control: TurnControl): AsyncGenerator<ThreadEvent, void, undefined> {
      yield* (await load()).runTurn(request, control);
    },
    async steer(threadId: string, turnId: string, parts: UserInput[]): Promise<void> {
      await (await load()).steer!(threadId, turnId, parts);
    },
    // nothing to close before the first turn loaded the backend
    async close(): Promise<void> {
      if (loaded) await (await loaded).close?.();
    },
  };
}
