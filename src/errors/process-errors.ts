/**
 * Errors of the codex process itself: it failed or could not start, cannot be found, its transport failed, or it
 * is too old for an option.
 *
 * @module
 */
import { CodexError, type CodexErrorOptions } from "./codex-error.ts";

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
