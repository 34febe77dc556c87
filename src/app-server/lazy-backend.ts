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
import { CodexTransportError } from "../errors.ts";
import { checkAppServerPoolSize, refuseExecOnlyOptions } from "./backend-checks.ts";
import type { AppServerClient } from "./client.ts";

type AppServerHalf = typeof import("./mod.ts");
let half: Promise<AppServerHalf> | undefined;

/**
 * Loads the app-server half of the SDK, once. A load that fails — a page that cannot fetch the chunk, say — is a
 * {@link CodexTransportError}, and the SDK does not remember it: the next call imports again. (Whether that fetches
 * again is the loader's business: a bundler's chunk loader does; a browser's native `import()` keeps the failure
 * until the page reloads.)
 *
 * @returns The app-server module.
 * @throws {CodexTransportError} When it cannot be loaded.
 * @example
 * ```ts
 * const { AppServerClient } = await loadAppServerHalf();
 * ```
 */
export function loadAppServerHalf(): Promise<AppServerHalf> {
  return (half ??= import("./mod.ts").catch((cause: unknown) => {
    half = undefined;
    throw new CodexTransportError(
      `Cannot load the app-server part of @codexkit/sdk: ${(cause as Error)?.message ?? cause}`,
      { cause },
    );
  }));
}

/**
 * The app-server backend for a pool size, loaded on first use: one app-server for 1, a pool above.
 *
 * @param size `appServerPool` (default 1).
 * @param connect Starts one connected client.
 * @param loadHalf Loads the app-server half (a seam for tests; default {@link loadAppServerHalf}).
 * @returns The backend.
 * @throws {CodexOptionsError} When `size` is out of range.
 * @example
 * ```ts
 * const backend = lazyAppServerBackend(4, () => codex.connectAppServer());
 * ```
 */
export function lazyAppServerBackend(
  size: number,
  connect: () => Promise<AppServerClient>,
  loadHalf: () => Promise<Pick<AppServerHalf, "appServerBackend">> = loadAppServerHalf,
): TurnBackend {
  checkAppServerPoolSize(size);
  let loaded: Promise<TurnBackend> | undefined;
  const load = (): Promise<TurnBackend> => {
    if (!loaded) {
      const attempt = loadHalf().then((m) => m.appServerBackend(size, connect));
      // a failed load is tried again by the next turn
      attempt.catch(() => loaded === attempt && (loaded = undefined));
      loaded = attempt;
    }
    return loaded;
  };
  return {
    checkRequest: refuseExecOnlyOptions,
    async *runTurn(request: TurnRequest & ThreadTarget, control: TurnControl): AsyncGenerator<ThreadEvent, void, undefined> {
      yield* (await load()).runTurn(request, control);
    },
    async steer(threadId: string, turnId: string, parts: UserInput[]): Promise<void> {
      await (await load()).steer!(threadId, turnId, parts);
    },
    // nothing to close before a turn loaded the backend, nor when loading it failed
    async close(): Promise<void> {
      const backend = await loaded?.catch(() => undefined);
      await backend?.close?.();
    },
  };
}
