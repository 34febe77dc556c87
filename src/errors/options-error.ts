/**
 * The error of a bad option or input, which names what was wrong.
 *
 * @module
 */
import { CodexError } from "./codex-error.ts";

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
