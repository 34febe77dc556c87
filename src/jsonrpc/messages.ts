/**
 * "JSON-RPC lite" as codex app-server speaks it: JSON-RPC 2.0 shapes without the `"jsonrpc"` field, one message per
 * line. Classifies incoming lines leniently (unknown fields pass through).
 *
 * @module
 */
import * as v from "valibot";
import type { JsonRpcErrorObject } from "./error.ts";

/** A request or server-request id. */
export type RequestId = string | number;

/** An incoming message, classified. */
export type IncomingMessage =
  | { kind: "response"; id: RequestId; result: unknown }
  | { kind: "error"; id: RequestId | null; error: JsonRpcErrorObject }
  | { kind: "request"; id: RequestId; method: string; params: unknown }
  | { kind: "notification"; method: string; params: unknown; raw: Record<string, unknown> };

const Id = v.union([v.string(), v.number()]);
const ErrorSchema = v.looseObject({ code: v.number(), message: v.string(), data: v.optional(v.unknown()) });
const MessageSchema = v.looseObject({
  id: v.optional(v.nullable(Id)),
  method: v.optional(v.string()),
  params: v.optional(v.unknown()),
  result: v.optional(v.unknown()),
  error: v.optional(ErrorSchema),
});

/**
 * Classifies one parsed message.
 *
 * @param value A parsed JSON value.
 * @returns The message, or `null` when it is not a JSON-RPC message.
 * @example
 * ```ts
 * classifyMessage({ id: 1, result: {} }); // { kind: "response", id: 1, result: {} }
 * ```
 */
export function classifyMessage(value: unknown): IncomingMessage | null {
  const parsed = v.safeParse(MessageSchema, value);
  if (!parsed.success) return null;
  const m = parsed.output;
  if (m.method !== undefined) {
    if (m.id !== undefined && m.id !== null) return { kind: "request", id: m.id, method: m.method, params: m.params };
    return { kind: "notification", method: m.method, params: m.params, raw: m };
  }
  if (m.error) return { kind: "error", id: m.id ?? null, error: m.error };
  if (m.id !== undefined && m.id !== null && "result" in m) return { kind: "response", id: m.id, result: m.result };
  return null;
}
