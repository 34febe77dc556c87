/**
 * `CodexError`, the base class of every error the SDK throws, and its stable `code`s.
 *
 * @module
 */

/** Stable machine-readable error codes. */
export type CodexErrorCode =
  | "CODEX_ERROR"
  | "CODEX_CLI_ERROR"
  | "CODEX_PARSE_ERROR"
  | "CODEX_ABORT_ERROR"
  | "CODEX_TURN_FAILED"
  | "CODEX_LINE_TOO_LONG"
  | "CODEX_OPTIONS_ERROR"
  | "CODEX_NOT_FOUND"
  | "CODEX_TRANSPORT_ERROR"
  | "CODEX_OUTPUT_VALIDATION_ERROR"
  | "CODEX_STREAM_ERROR"
  | "CODEX_TIMEOUT"
  | "CODEX_VERSION_ERROR"
  | "CODEX_RELAY_ERROR"
  | "JSON_RPC_ERROR";

// A registry symbol, so an error from another copy of the SDK carries the same brand (see guards.ts).
const BRAND = Symbol.for("@codexkit/sdk.error");

/** Options shared by every SDK error constructor. */
export interface CodexErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Base class of every error the SDK throws.
 *
 * @example
 * ```ts
 * try { await thread.run("hi"); } catch (err) { if (isCodexError(err)) console.log(err.code); }
 * ```
 */
export class CodexError extends Error {
  /** Stable machine-readable code. */
  readonly code: CodexErrorCode;

  /**
   * Creates a {@link CodexError}.
   * @param message What failed and why, e.g. "Cannot send request: transport is closed".
   * @param code The stable error code.
   * @param options `cause` of the error.
   */
  constructor(message: string, code: CodexErrorCode = "CODEX_ERROR", options: CodexErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CodexError";
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}
