/**
 * The error a JSON-RPC peer answers with, as a typed {@link CodexError}: its numeric code, message and data, and the
 * method that failed.
 *
 * @module
 */
import { CodexError, isCodexError } from "../errors.ts";

/** The wire shape of a JSON-RPC error. */
export interface JsonRpcErrorObject {
  /** Error code, e.g. -32600 (invalid request). */
  code: number;
  /** Message from the server. */
  message: string;
  /** Extra data, if any. */
  data?: unknown;
}

/**
 * The app-server answered a request with a JSON-RPC error.
 *
 * @example
 * ```ts
 * if (isJsonRpcError(err) && err.rpcCode === -32600) console.error(err.message, err.method);
 * ```
 */
export class JsonRpcError extends CodexError {
  /** The JSON-RPC error code. */
  readonly rpcCode: number;
  /** The error's `data`, if any. */
  readonly data: unknown;
  /** The method that failed, when known. */
  readonly method: string | undefined;

  /**
   * Creates a {@link JsonRpcError}.
   * @param error The wire error.
   * @param method The request's method.
   */
  constructor(error: JsonRpcErrorObject, method?: string) {
    super(method ? `${method} failed: ${error.message}` : error.message, "JSON_RPC_ERROR");
    this.name = "JsonRpcError";
    this.rpcCode = error.code;
    this.data = error.data;
    this.method = method;
  }

  /**
   * Serializes the error to its JSON-RPC wire shape.
   * @returns The wire shape `{ code, message, data? }`, with the server's original message.
   */
  toJSON(): JsonRpcErrorObject {
    const message = this.method ? this.message.slice(this.method.length + " failed: ".length) : this.message;
    return this.data === undefined ? { code: this.rpcCode, message } : { code: this.rpcCode, message, data: this.data };
  }
}

/**
 * Checks whether a value is a {@link JsonRpcError} (duck-typed, works across copies of the SDK).
 * @param err Any value.
 * @returns Whether `err` is a {@link JsonRpcError}.
 * @example
 * ```ts
 * if (isJsonRpcError(err)) console.log(err.rpcCode);
 * ```
 */
export function isJsonRpcError(err: unknown): err is JsonRpcError {
  return isCodexError(err) && err.code === "JSON_RPC_ERROR";
}
