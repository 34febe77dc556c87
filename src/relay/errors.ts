/**
 * The typed error of the relay protocol: what a codex host refused or reported, on the client and on the host.
 *
 * @module
 */
import { CodexError, type CodexErrorOptions, isCodexError } from "../errors.ts";

/** Why the relay failed, mirroring the protocol's `ErrorCode` (plus client-side reasons). */
export type RelayErrorReason =
  | "BAD_FRAME"
  | "UNKNOWN_CHANNEL"
  | "CHANNEL_EXISTS"
  | "POLICY_DENIED"
  | "LIMIT_EXCEEDED"
  | "LINE_TOO_LONG"
  | "OUTPUT_LIMIT"
  | "SPAWN_FAILED"
  | "RESUME_DENIED"
  | "GAP"
  | "AUTH_FAILED"
  | "CONNECTION_LOST"
  | "HOST_GONE"
  | "INTERNAL";

/**
 * A codex host refused a request, the relay lost events (`reason: "GAP"`), authentication failed, the connection
 * could not be restored, or it was restored to another host than the one running the channel (`reason: "HOST_GONE"`:
 * that host stopped or restarted, and the channel's codex with it; a thread continues by running it again, resumed
 * by id from the `CODEX_HOME` the hosts share).
 *
 * @example
 * ```ts
 * if (isCodexRelayError(err) && err.reason === "POLICY_DENIED") console.error(err.message);
 * ```
 */
export class CodexRelayError extends CodexError {
  /** Why the relay failed. */
  readonly reason: RelayErrorReason;

  /**
   * Creates a {@link CodexRelayError}.
   * @param reason Why the relay failed.
   * @param message What failed and why.
   * @param options `cause` of the error.
   */
  constructor(reason: RelayErrorReason, message: string, options: CodexErrorOptions = {}) {
    super(message, "CODEX_RELAY_ERROR", options);
    this.name = "CodexRelayError";
    this.reason = reason;
  }
}

/**
 * Duck-typed check for {@link CodexRelayError}.
 *
 * @param err Any value.
 * @returns Whether `err` is a relay error.
 * @example
 * ```ts
 * if (isCodexRelayError(err)) console.error(err.reason);
 * ```
 */
export function isCodexRelayError(err: unknown): err is CodexRelayError {
  return isCodexError(err) && err.code === "CODEX_RELAY_ERROR";
}
