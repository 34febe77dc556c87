/**
 * Errors that end a turn: codex reported it failed, it was aborted or timed out, or its final response did not match
 * the output schema.
 *
 * @module
 */
import type { StandardIssue } from "../standard-schema.ts";
import { CodexError, type CodexErrorOptions } from "./codex-error.ts";

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

/** One structured-output problem: a JSON syntax error message, or a Standard Schema issue. */
export type OutputValidationIssue = string | StandardIssue;

function describeIssue(issue: OutputValidationIssue): string {
  if (typeof issue === "string") return issue;
  const path = (issue.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
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
