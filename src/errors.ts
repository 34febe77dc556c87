/**
 * The typed errors of the SDK. Every error extends {@link CodexError} and carries a stable `code`, so callers can
 * branch on `err.code` or on the duck-typed `isX()` guards (which keep working when two copies of the SDK, say one
 * from npm and one from JSR, coexist in one program).
 *
 * @module
 */
import type { StandardIssue } from "./standard-schema.ts";

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

// A registry symbol, so an error from another copy of the SDK carries the same brand (see error-guards.ts).
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

/** How a codex process ended. */
export interface ExitStatus {
  /** Exit code, or `null` when the process was killed by a signal. */
  exitCode: number | null;
  /** The signal that killed the process (e.g. `"SIGTERM"`), or `null`. */
  signal: string | null;
  /** The last bytes the process wrote to stderr (bounded, decoded as UTF-8). */
  stderrTail: string;
}

/**
 * The codex process failed: it exited non-zero, was killed, or could not be started.
 *
 * @example
 * ```ts
 * if (isCodexCLIError(err)) console.error(err.exitCode, err.stderrTail);
 * ```
 */
export class CodexCLIError extends CodexError {
  /** Exit code, or `null` when killed by a signal or never started. */
  readonly exitCode: number | null;
  /** Killing signal, or `null`. */
  readonly signal: string | null;
  /** The last stderr output of codex. */
  readonly stderrTail: string;

  /**
   * Creates a {@link CodexCLIError}.
   * @param message What failed.
   * @param status Exit code, signal and stderr tail.
   * @param options `cause` of the error.
   */
  constructor(message: string, status: ExitStatus, options: CodexErrorOptions = {}) {
    super(message, "CODEX_CLI_ERROR", options);
    this.name = "CodexCLIError";
    this.exitCode = status.exitCode;
    this.signal = status.signal;
    this.stderrTail = status.stderrTail;
  }
}

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
 * The operation was cancelled through an `AbortSignal`. Its `name` is `"AbortError"`, the name the web platform
 * and `@openai/codex-sdk` use (so `err.name === "AbortError"` checks keep working); its `code` is
 * `"CODEX_ABORT_ERROR"` and {@link isCodexAbortError} recognises it.
 *
 * @example
 * ```ts
 * const ac = new AbortController(); ac.abort();
 * await thread.run("hi", { signal: ac.signal }).catch((e) => isCodexAbortError(e)); // true
 * ```
 */
export class CodexAbortError extends CodexError {
  /**
   * Creates a {@link CodexAbortError}.
   * @param message What was aborted.
   * @param options `cause` (the signal's reason).
   */
  constructor(message = "Turn aborted: the signal was aborted", options: CodexErrorOptions = {}) {
    super(message, "CODEX_ABORT_ERROR", options);
    this.name = "AbortError";
  }
}

/**
 * Codex reported `turn.failed`.
 *
 * @example
 * ```ts
 * if (isTurnFailedError(err)) console.error(err.message);
 * ```
 */
export class TurnFailedError extends CodexError {
  /** The thread the turn belonged to, when known. */
  readonly threadId: string | null;

  /**
   * Creates a {@link TurnFailedError}.
   * @param message The failure message codex reported.
   * @param threadId The thread id, when known.
   * @param options `cause` of the error.
   */
  constructor(message: string, threadId: string | null = null, options: CodexErrorOptions = {}) {
    super(message, "CODEX_TURN_FAILED", options);
    this.name = "TurnFailedError";
    this.threadId = threadId;
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
 * An option given by the caller is invalid; `option` names it.
 *
 * @example
 * ```ts
 * if (isCodexOptionsError(err)) console.error(err.option);
 * ```
 */
export class CodexOptionsError extends CodexError {
  /** Dotted path of the offending option, e.g. `"sandboxMode"`. */
  readonly option: string;

  /**
   * Creates a {@link CodexOptionsError}.
   * @param option Dotted path of the offending option.
   * @param message Why it is invalid.
   */
  constructor(option: string, message: string) {
    super(`Invalid option ${option}: ${message}`, "CODEX_OPTIONS_ERROR");
    this.name = "CodexOptionsError";
    this.option = option;
  }
}

/**
 * The codex binary could not be found; `tried` lists every place looked at.
 *
 * @example
 * ```ts
 * if (isCodexNotFoundError(err)) console.error(err.tried.join("\n"));
 * ```
 */
export class CodexNotFoundError extends CodexError {
  /** Every place that was tried, in order, with why it did not work. */
  readonly tried: readonly string[];

  /**
   * Creates a {@link CodexNotFoundError}.
   * @param tried Every place that was tried.
   */
  constructor(tried: readonly string[]) {
    super(
      "Cannot find the codex binary. Tried:\n" + tried.map((t) => `  - ${t}`).join("\n") +
        "\nFix: `npm install @openai/codex`, set CODEX_PATH, or pass `codexPathOverride`",
      "CODEX_NOT_FOUND",
    );
    this.name = "CodexNotFoundError";
    this.tried = tried;
  }
}

/**
 * A transport failed (could not start the process, channel closed while in use, …).
 *
 * @example
 * ```ts
 * if (isCodexTransportError(err)) console.error(err.message);
 * ```
 */
export class CodexTransportError extends CodexError {
  /**
   * Creates a {@link CodexTransportError}.
   * @param message What failed and why.
   * @param options `cause` of the error.
   */
  constructor(message: string, options: CodexErrorOptions = {}) {
    super(message, "CODEX_TRANSPORT_ERROR", options);
    this.name = "CodexTransportError";
  }
}

/**
 * The final response of a structured-output turn did not parse or did not match its schema.
 *
 * @example
 * ```ts
 * if (isCodexOutputValidationError(err)) console.error(err.messages.join("\n"));
 * ```
 */
export class CodexOutputValidationError extends CodexError {
  /** The raw final response text. */
  readonly text: string;
  /** The JSON syntax error message (a string), or the schema's issues (Standard Schema: `message`, `path`). */
  readonly issues: readonly OutputValidationIssue[];
  /** Every issue as one readable line, path first when there is one: `["status: Invalid type: …"]`. */
  readonly messages: readonly string[];

  /**
   * Creates a {@link CodexOutputValidationError}.
   * @param message Why validation failed.
   * @param text The raw final response.
   * @param issues The issues reported.
   * @param options `cause` of the error.
   */
  constructor(message: string, text: string, issues: readonly OutputValidationIssue[], options: CodexErrorOptions = {}) {
    super(message, "CODEX_OUTPUT_VALIDATION_ERROR", options);
    this.name = "CodexOutputValidationError";
    this.text = text;
    this.issues = issues;
    this.messages = issues.map(describeIssue);
  }
}

/** One structured-output problem: a JSON syntax error message, or a Standard Schema issue. */
export type OutputValidationIssue = string | StandardIssue;

function describeIssue(issue: OutputValidationIssue): string {
  if (typeof issue === "string") return issue;
  const path = (issue.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
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

/**
 * A request did not complete in time.
 *
 * @example
 * ```ts
 * if (isCodexTimeoutError(err)) console.error(err.timeoutMs);
 * ```
 */
export class CodexTimeoutError extends CodexError {
  /** The limit that passed, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * Creates a {@link CodexTimeoutError}.
   * @param message What timed out.
   * @param timeoutMs The limit.
   */
  constructor(message: string, timeoutMs: number) {
    super(message, "CODEX_TIMEOUT");
    this.name = "CodexTimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The codex binary is too old for an option that was asked for; `requiredVersion` names the first codex that has
 * it. Raised before codex starts, so nothing runs.
 *
 * @example
 * ```ts
 * if (isCodexVersionError(err)) console.error(`${err.feature} needs codex ${err.requiredVersion}`);
 * ```
 */
export class CodexVersionError extends CodexError {
  /** The option or feature, e.g. `"remote"`. */
  readonly feature: string;
  /** The oldest codex version that has it, e.g. `"0.171.0"`. */
  readonly requiredVersion: string;
  /** The version of the binary that would have run. */
  readonly actualVersion: string;

  /**
   * Creates a {@link CodexVersionError}.
   * @param feature The option or feature.
   * @param requiredVersion The oldest codex that has it.
   * @param actualVersion The binary's version.
   */
  constructor(feature: string, requiredVersion: string, actualVersion: string) {
    super(
      `Cannot use ${feature}: it needs codex ${requiredVersion} or newer, and this codex is ${actualVersion}`,
      "CODEX_VERSION_ERROR",
    );
    this.name = "CodexVersionError";
    this.feature = feature;
    this.requiredVersion = requiredVersion;
    this.actualVersion = actualVersion;
  }
}

// The duck-typed guards (isCodexError, isCodexCLIError, …) live beside the classes; re-exported here so every
// import of an error and its guard stays one import.
export * from "./error-guards.ts";
