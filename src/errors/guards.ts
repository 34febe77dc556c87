/**
 * Duck-typed guards for the SDK's errors: `isCodexError(err)`, `isCodexCLIError(err)`, … They check the brand and
 * the stable `code` rather than `instanceof`, so they keep working when two copies of the SDK (say one from npm and
 * one from JSR) coexist in one program.
 *
 * @module
 */
import type {
  CodexAbortError,
  CodexCLIError,
  CodexError,
  CodexErrorCode,
  CodexLineTooLongError,
  CodexNotFoundError,
  CodexOptionsError,
  CodexOutputValidationError,
  CodexParseError,
  CodexStreamError,
  CodexTimeoutError,
  CodexTransportError,
  CodexVersionError,
  TurnFailedError,
} from "../errors.ts";

// the same registry symbol the CodexError constructor sets (codex-error.ts)
const BRAND = Symbol.for("@codexkit/sdk.error");

function hasCode(err: unknown, code: CodexErrorCode): boolean {
  return isCodexError(err) && err.code === code;
}

/**
 * Duck-typed check for any SDK error (works across duplicated copies of the SDK).
 *
 * @param err Any value.
 * @returns Whether `err` is a {@link CodexError}.
 * @example
 * ```ts
 * if (isCodexError(err)) console.log(err.code);
 * ```
 */
export function isCodexError(err: unknown): err is CodexError {
  return typeof err === "object" && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * Checks whether a value is a {@link CodexCLIError} (duck-typed, works across copies of the SDK).
 * @param err Any value.
 * @returns Whether `err` is a {@link CodexCLIError}.
 * @example
 * ```ts
 * if (isCodexCLIError(err)) console.log(err.exitCode);
 * ```
 */
export function isCodexCLIError(err: unknown): err is CodexCLIError {
  return hasCode(err, "CODEX_CLI_ERROR");
}

/**
 * Checks whether a value is a {@link CodexParseError} (duck-typed, works across copies of the SDK).
 * @param err Any value.
 * @returns Whether `err` is a {@link CodexParseError}.
 * @example
 * ```ts
 * if (isCodexParseError(err)) console.log(err.line);
 * ```
 */
export function isCodexParseError(err: unknown): err is CodexParseError {
  return hasCode(err, "CODEX_PARSE_ERROR");
}

/**
 * Checks whether a value is a {@link CodexAbortError} (duck-typed, works across copies of the SDK).
 * @param err Any value.
 * @returns Whether `err` is a {@link CodexAbortError}.
 * @example
 * ```ts
 * if (isCodexAbortError(err)) console.log("cancelled");
 * ```
 */
export function isCodexAbortError(err: unknown): err is CodexAbortError {
  return hasCode(err, "CODEX_ABORT_ERROR");
}

/**
 * Checks whether a value is a {@link TurnFailedError} (duck-typed, works across copies of the SDK).
 * @param err Any value.
 * @returns Whether `err` is a {@link TurnFailedError}.
 * @example
 * ```ts
 * if (isTurnFailedError(err)) console.log(err.message);
 * ```
 */
export function isTurnFailedError(err: unknown): err is TurnFailedError {
  return hasCode(err, "CODEX_TURN_FAILED");
}

/**
 * Checks whether a value is a {@link CodexLineTooLongError} (duck-typed, works across copies of the SDK).
 * @param err Any value.
 * @returns Whether `err` is a {@link CodexLineTooLongError}.
 * @example
 * ```ts
 * if (isCodexLineTooLongError(err)) console.log(err.maxLineBytes);
 * ```
 */
export function isCodexLineTooLongError(err: unknown): err is CodexLineTooLongError {
  return hasCode(err, "CODEX_LINE_TOO_LONG");
}

/**
 * Checks whether a value is a {@link CodexOptionsError} (duck-typed, works across copies of the SDK).
 * @param err Any value.
 * @returns Whether `err` is a {@link CodexOptionsError}.
 * @example
 * ```ts
 * if (isCodexOptionsError(err)) console.log(err.option);
 * ```
 */
export function isCodexOptionsError(err: unknown): err is CodexOptionsError {
  return hasCode(err, "CODEX_OPTIONS_ERROR");
}

/**
 * Checks whether a value is a {@link CodexNotFoundError} (duck-typed, works across copies of the SDK).
 * @param err Any value.
 * @returns Whether `err` is a {@link CodexNotFoundError}.
 * @example
 * ```ts
 * if (isCodexNotFoundError(err)) console.log(err.tried);
 * ```
 */
export function isCodexNotFoundError(err: unknown): err is CodexNotFoundError {
  return hasCode(err, "CODEX_NOT_FOUND");
}

/**
 * Checks whether a value is a {@link CodexTransportError} (duck-typed, works across copies of the SDK).
 * @param err Any value.
 * @returns Whether `err` is a {@link CodexTransportError}.
 * @example
 * ```ts
 * if (isCodexTransportError(err)) console.log(err.message);
 * ```
 */
export function isCodexTransportError(err: unknown): err is CodexTransportError {
  return hasCode(err, "CODEX_TRANSPORT_ERROR");
}

/**
 * Checks whether a value is a {@link CodexOutputValidationError} (duck-typed, works across copies of the SDK).
 * @param err Any value.
 * @returns Whether `err` is a {@link CodexOutputValidationError}.
 * @example
 * ```ts
 * if (isCodexOutputValidationError(err)) console.log(err.issues);
 * ```
 */
export function isCodexOutputValidationError(err: unknown): err is CodexOutputValidationError {
  return hasCode(err, "CODEX_OUTPUT_VALIDATION_ERROR");
}

/**
 * Checks whether a value is a {@link CodexStreamError} (duck-typed, works across copies of the SDK).
 * @param err Any value.
 * @returns Whether `err` is a {@link CodexStreamError}.
 * @example
 * ```ts
 * if (isCodexStreamError(err)) console.log(err.message);
 * ```
 */
export function isCodexStreamError(err: unknown): err is CodexStreamError {
  return hasCode(err, "CODEX_STREAM_ERROR");
}

/**
 * Checks whether a value is a {@link CodexTimeoutError} (duck-typed, works across copies of the SDK).
 * @param err Any value.
 * @returns Whether `err` is a {@link CodexTimeoutError}.
 * @example
 * ```ts
 * if (isCodexTimeoutError(err)) console.log(err.timeoutMs);
 * ```
 */
export function isCodexTimeoutError(err: unknown): err is CodexTimeoutError {
  return hasCode(err, "CODEX_TIMEOUT");
}

/**
 * Checks whether a value is a {@link CodexVersionError} (duck-typed, works across copies of the SDK).
 * @param err Any value.
 * @returns Whether `err` is a {@link CodexVersionError}.
 * @example
 * ```ts
 * if (isCodexVersionError(err)) console.log(err.requiredVersion);
 * ```
 */
export function isCodexVersionError(err: unknown): err is CodexVersionError {
  return hasCode(err, "CODEX_VERSION_ERROR");
}
