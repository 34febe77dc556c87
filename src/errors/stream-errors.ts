/**
 * Errors of the output stream: a line that is not a valid event, a line over the size limit, an error codex reported
 * in the stream.
 *
 * @module
 */
import { CodexError, type CodexErrorOptions } from "./codex-error.ts";

/**
 * A line from codex was not valid JSON or did not match the expected shape.
 *
 * @example
 * ```ts
 * if (isCodexParseError(err)) console.error("bad line:", err.line);
 * ```
 */
export class CodexParseError extends CodexError {
  /** The offending line, as received. */
  readonly line: string;

  /**
   * Creates a {@link CodexParseError}.
   * @param message Why the line was rejected.
   * @param line The offending line.
   * @param options `cause` of the error.
   */
  constructor(message: string, line: string, options: CodexErrorOptions = {}) {
    super(message, "CODEX_PARSE_ERROR", options);
    this.name = "CodexParseError";
    this.line = line;
  }
}

/**
 * A line exceeded the configured maximum size; the stream is stopped instead of growing memory without bound.
 *
 * @example
 * ```ts
 * if (isCodexLineTooLongError(err)) console.error(err.maxLineBytes);
 * ```
 */
export class CodexLineTooLongError extends CodexError {
  /** The limit that was exceeded, in bytes. */
  readonly maxLineBytes: number;

  /**
   * Creates a {@link CodexLineTooLongError}.
   * @param maxLineBytes The limit that was exceeded.
   */
  constructor(maxLineBytes: number) {
    super(`Cannot read line: it exceeds the maximum line size of ${maxLineBytes} bytes`, "CODEX_LINE_TOO_LONG");
    this.name = "CodexLineTooLongError";
    this.maxLineBytes = maxLineBytes;
  }
}

/**
 * The event stream ended without `turn.completed` or `turn.failed` (codex was interrupted or died mid-turn).
 *
 * @example
 * ```ts
 * if (isCodexStreamError(err)) console.error(err.message);
 * ```
 */
export class CodexStreamError extends CodexError {
  /**
   * Creates a {@link CodexStreamError}.
   * @param message What was missing.
   * @param options `cause` of the error.
   */
  constructor(message: string, options: CodexErrorOptions = {}) {
    super(message, "CODEX_STREAM_ERROR", options);
    this.name = "CodexStreamError";
  }
}
