/**
 * What the app-server backend refuses before anything loads or starts: a pool size out of range, and options only
 * `codex exec` has. `Codex` checks these eagerly (at `new Codex(...)` and at each turn) while the backend itself is
 * loaded on the first turn, so a mistake surfaces where it was made.
 *
 * @module
 */
import { CodexOptionsError } from "../errors.ts";
import type { TurnRequest } from "../thread/backend.ts";

/** Largest accepted pool size: each member is a running `codex app-server`. */
export const MAX_APP_SERVER_POOL = 64;

/**
 * Checks `appServerPool`.
 *
 * @param size The pool size.
 * @throws {CodexOptionsError} When `size` is not an integer from 1 to {@link MAX_APP_SERVER_POOL}.
 */
export function checkAppServerPoolSize(size: number): void {
  if (!Number.isInteger(size) || size < 1 || size > MAX_APP_SERVER_POOL) {
    throw new CodexOptionsError("appServerPool", `must be an integer from 1 to ${MAX_APP_SERVER_POOL}, got ${size}`);
  }
}

/**
 * Refuses options only `codex exec` has.
 *
 * @param request The turn request.
 * @throws {CodexOptionsError} For `cyberAccessProgram`, `remote` or `remoteAuthTokenEnv`.
 */
export function refuseExecOnlyOptions(request: TurnRequest): void {
  for (const option of ["cyberAccessProgram", "remote", "remoteAuthTokenEnv"] as const) {
    if (request.options[option] !== undefined) {
      throw new CodexOptionsError(option, "it is a codex exec option; use the exec backend");
    }
  }
}
