/**
 * The exec backend of `Thread`: every turn is one `codex exec --json` process (`codex exec resume <id>` after the
 * first), opened on the transport. Nothing lives between turns, so there is nothing to close.
 *
 * @module
 */
import { CodexOptionsError } from "../errors.ts";
import type { TurnBackend, TurnControl, TurnRequest, ThreadTarget } from "../thread/backend.ts";
import type { ThreadEvent } from "../thread/events.ts";
import type { ExecLaunchSpec, Transport } from "../transport.ts";
import { runExecTurn } from "./exec-runner.ts";
import { assertExecInput } from "./input.ts";

/** Options of {@link ExecThreadBackend}. */
export interface ExecThreadBackendOptions {
  /** Returns the transport to open `codex exec` on (called per turn, so it can be created lazily). */
  transport: () => Transport;
  /** Reject unknown event types and malformed lines instead of passing them through. */
  strict?: boolean;
}

/**
 * The launch spec of one exec turn.
 *
 * @param request The turn and the thread it continues.
 * @returns What the transport runs: `codex exec` (or `exec resume`) with images and output schema.
 * @throws {CodexOptionsError} When an input part cannot go to `codex exec`.
 * @example
 * ```ts
 * execLaunchSpec({ prompt: "hi", parts: [], options: {}, threadId: "t1", resumeLast: false }); // resume: "t1"
 * ```
 */
export function execLaunchSpec(request: TurnRequest & ThreadTarget): ExecLaunchSpec {
  assertExecInput(request.parts);
  const spec: ExecLaunchSpec = { mode: "exec", options: request.options };
  if (request.threadId) spec.resume = request.threadId;
  else if (request.resumeLast) spec.resume = { last: true };
  const images = request.parts.flatMap((p) => (p.type === "local_image" ? [p.path] : []));
  if (images.length > 0) spec.images = images;
  const imageBytes = request.parts.flatMap((p) => (p.type === "image_bytes" ? [{ mediaType: p.mediaType, data: p.data }] : []));
  if (imageBytes.length > 0) spec.imageBytes = imageBytes;
  if (request.outputSchema) spec.outputSchema = request.outputSchema;
  return spec;
}

/**
 * Runs `Thread` turns as `codex exec --json` processes.
 *
 * @example
 * ```ts
 * const backend = new ExecThreadBackend({ transport: () => nodeTransport() });
 * ```
 */
export class ExecThreadBackend implements TurnBackend {
  readonly #transport: () => Transport;
  readonly #strict: boolean;

  /**
   * Creates the backend.
   * @param options The transport and strictness.
   */
  constructor(options: ExecThreadBackendOptions) {
    this.#transport = options.transport;
    this.#strict = options.strict ?? false;
  }

  /**
   * Rejects what `codex exec` cannot take: image URLs, skills, approvals.
   *
   * @param request The turn.
   * @throws {CodexOptionsError} Naming the input part or option.
   */
  checkRequest(request: TurnRequest): void {
    assertExecInput(request.parts);
    if (request.approvals) {
      throw new CodexOptionsError("approvals", 'codex exec cannot ask for approvals; use new Codex({ backend: "app-server" })');
    }
  }

  /**
   * Runs one turn in a `codex exec` of its own.
   *
   * @param request The turn and thread.
   * @param control Cancellation (kills the process).
   * @returns The parsed events.
   */
  runTurn(request: TurnRequest & ThreadTarget, control: TurnControl): AsyncGenerator<ThreadEvent, void, undefined> {
    return runExecTurn(this.#transport(), execLaunchSpec(request), request.prompt, {
      strict: this.#strict,
      ...(control.signal ? { signal: control.signal } : {}),
    });
  }
}
