/**
 * Codex's own work as tool calls: each command, file change, web search, MCP call and collaboration call of a turn
 * maps to a tool name, an input and a result, named after the tool codex itself offers its model (`exec_command`,
 * `apply_patch`, `web_search`, `mcp__<server>__<tool>`).
 *
 * @module
 */
import type { ThreadItem } from "../mod.ts";

/** A JSON value, as tool inputs and results carry them. */
export type CodexJsonValue = null | string | number | boolean | CodexJsonValue[] | { [key: string]: CodexJsonValue };

/** How one codex item reads as a tool call. */
export interface ItemToolCall {
  /** The tool name (`exec_command`, `apply_patch`, `web_search`, `mcp__<server>__<tool>`, `collab__<tool>`). */
  toolName: string;
  /** What the tool was called with. */
  input: { [key: string]: CodexJsonValue };
}

/** How one completed codex item reads as a tool result. */
export interface ItemToolResult {
  /** The result. */
  result: { [key: string]: CodexJsonValue };
  /** Whether the call failed (a non-zero exit, a failed patch or MCP call, a declined approval). */
  isError: boolean;
}

// JSON round trip: drops `undefined`, keeps what codex sent as plain JSON.
function json(value: Record<string, unknown>): { [key: string]: CodexJsonValue } {
  return JSON.parse(JSON.stringify(value)) as { [key: string]: CodexJsonValue };
}

/**
 * The tool call an item stands for, or `null` for items that are not tool calls (messages, reasoning, plans,
 * notices, unknown types).
 *
 * @param item A thread item (started or completed).
 * @returns Its tool name and input, or `null`.
 * @example
 * ```ts
 * itemToolCall({ id: "item_1", type: "command_execution", command: "ls", aggregated_output: "", status: "in_progress" });
 * // { toolName: "exec_command", input: { command: "ls" } }
 * ```
 */
export function itemToolCall(item: ThreadItem): ItemToolCall | null {
  switch (item.type) {
    case "command_execution":
      return { toolName: "exec_command", input: { command: item.command } };
    case "file_change":
      return {
        toolName: "apply_patch",
        input: json({ changes: item.changes.map((c) => ({ path: c.path, kind: c.kind })) }),
      };
    case "web_search":
      return { toolName: "web_search", input: json({ query: item.query, action: item.action }) };
    case "mcp_tool_call": {
      const args = item.arguments;
      const input = typeof args === "object" && args !== null && !Array.isArray(args)
        ? json(args as Record<string, unknown>)
        : {};
      return { toolName: `mcp__${item.server}__${item.tool}`, input };
    }
    case "collab_tool_call":
      return { toolName: `collab__${item.tool}`, input: {} };
    default:
      return null;
  }
}

const FAILED = new Set(["failed", "declined"]);

/**
 * The result of a completed item that {@link itemToolCall} maps to a tool call.
 *
 * @param item The completed item.
 * @returns The result and whether it is an error, or `null` for items that are not tool calls.
 * @example
 * ```ts
 * itemToolResult({ id: "item_1", type: "command_execution", command: "false", aggregated_output: "", exit_code: 1, status: "failed" });
 * // { result: { exitCode: 1, output: "", status: "failed" }, isError: true }
 * ```
 */
export function itemToolResult(item: ThreadItem): ItemToolResult | null {
  switch (item.type) {
    case "command_execution":
      return {
        result: json({ exitCode: item.exit_code ?? null, output: item.aggregated_output, status: item.status }),
        isError: FAILED.has(item.status) || (typeof item.exit_code === "number" && item.exit_code !== 0),
      };
    case "file_change":
      return {
        result: json({ status: item.status, changes: item.changes.map((c) => ({ path: c.path, kind: c.kind })) }),
        isError: item.status !== "completed",
      };
    case "web_search":
      return { result: json({ query: item.query, action: item.action }), isError: false };
    case "mcp_tool_call":
      return {
        result: json({ status: item.status, result: item.result ?? null, error: item.error?.message ?? null }),
        isError: FAILED.has(item.status) || Boolean(item.error),
      };
    case "collab_tool_call":
      return { result: json({ ...item }), isError: FAILED.has(String(item.status ?? "")) };
    default:
      return null;
  }
}
