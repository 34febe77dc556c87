/**
 * Process-group signalling and exit hooks through `node:process`, which Node and Bun share (Bun.spawn's own kill()
 * reaches only the leader; a negative pid reaches the whole group).
 *
 * @module
 */
import process from "node:process";
import type { GroupSignal } from "./_process.ts";

/**
 * Sends a signal to a whole process group.
 *
 * @param pid The group leader's pid.
 * @param signal The signal.
 * @returns `false` when the group is already gone.
 */
export function signalGroupViaProcess(pid: number, signal: GroupSignal): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the whole group is gone
  }
}

/**
 * Runs a hook when the runtime exits.
 *
 * @param hook The hook (synchronous work only).
 */
export function onProcessExit(hook: () => void): void {
  process.once("exit", hook);
}
