/**
 * The seam between a {@link Thread} and the protocol that runs its turns. `Thread` speaks only this interface; the
 * exec backend (`src/exec/`, one `codex exec --json` per turn) and the app-server backend (`src/app-server/`, one
 * long-lived `codex app-server` per `Codex`) are its two peer implementations, and `Codex` picks one.
 *
 * @module
 */
import type { LaunchOptions } from "../options.ts";
import type { ApprovalDecisions } from "./approvals.ts";
import type { ThreadEvent } from "./events.ts";
import type { UserInput } from "./input.ts";
import type { JsonSchema } from "./output-schema.ts";

/** One turn's request, as a backend receives it. */
export interface TurnRequest {
  /** Prompt text (text parts joined). */
  prompt: string;
  /** All input parts. */
  parts: UserInput[];
  /** Codex and thread options merged. */
  options: LaunchOptions;
  /** JSON Schema for the final response. */
  outputSchema?: JsonSchema;
  /** Approval decisions (backends that can ask). */
  approvals?: ApprovalDecisions;
}

/** Which thread a turn continues: an id, the newest recorded session, or (neither) a new thread. */
export interface ThreadTarget {
  /** The thread id, or `null` before the first turn of a new thread. */
  threadId: string | null;
  /** Resume the newest recorded session (`codex.resumeLastThread()` before its first turn). */
  resumeLast: boolean;
}

/** Per-turn controls a backend receives next to the request. */
export interface TurnControl {
  /** Cancels the turn. */
  signal?: AbortSignal | undefined;
  /** Called with the turn id once the backend knows it (for steering). */
  onTurnId: (turnId: string) => void;
}

/**
 * How a thread runs turns. Implemented by the exec backend (`ExecThreadBackend`) and the app-server backend
 * (`AppServerThreadBackend`); a new protocol plugs in here without `Thread` changing.
 *
 * @example
 * ```ts
 * const backend: TurnBackend = {
 *   async *runTurn(request) {
 *     yield { type: "thread.started", thread_id: "t1" };
 *     yield { type: "turn.completed", usage: { ...ZERO_USAGE } };
 *   },
 * };
 * ```
 */
export interface TurnBackend {
  /**
   * Rejects a request this backend cannot run, before anything starts (for example image URLs in exec mode).
   *
   * @param request The turn.
   * @throws {CodexOptionsError} Naming the option or input part it cannot run.
   */
  checkRequest?(request: TurnRequest): void;
  /**
   * Runs one turn and yields thread-vocabulary events (`turn.completed.usage` is the thread's running total).
   * Stopping the iteration early must stop the turn.
   *
   * @param request The turn, plus the thread it continues.
   * @param control Cancellation, and a callback receiving the turn id once known.
   * @returns The events.
   */
  runTurn(request: TurnRequest & ThreadTarget, control: TurnControl): AsyncIterable<ThreadEvent>;
  /**
   * Adds input to a running turn. Absent on backends that cannot steer.
   *
   * @param threadId The thread.
   * @param turnId The running turn.
   * @param parts The input.
   * @returns When accepted.
   */
  steer?(threadId: string, turnId: string, parts: UserInput[]): Promise<void>;
  /**
   * Releases what the backend holds (a long-lived process). Absent when turns hold nothing between them.
   *
   * @returns When released.
   */
  close?(): Promise<void>;
}
