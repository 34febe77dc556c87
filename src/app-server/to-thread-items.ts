/**
 * Maps app-server items and usage (camelCase) to the thread vocabulary (snake_case, as `codex exec` prints it) so
 * `Thread`/`Turn` read the same on both backends. The app-server item stays available as `raw`.
 *
 * @module
 */
import type { Usage } from "../thread/events.ts";
import type { AgentMessageModeration, ItemStatus, ThreadItem } from "../thread/items.ts";
import type { TokenUsageBreakdown } from "../gen/protocol.ts";

export type { TokenUsageBreakdown };

/**
 * An app-server item (or nested wire object) as received, loosely typed: the mapping reads many optional fields and
 * falls back explicitly on each.
 */
// deno-lint-ignore no-explicit-any -- maps many optional wire fields; each read falls back explicitly
export type WireItem = Record<string, any>;
type Wire = WireItem;

const STATUS: Record<string, ItemStatus> = { inProgress: "in_progress", completed: "completed", failed: "failed", declined: "declined" };

/**
 * Converts an app-server item status to the exec spelling.
 * @param status An app-server status (`inProgress`, …).
 * @returns The exec spelling (`in_progress`, …); unknown values pass through.
 * @example
 * ```ts
 * toExecStatus("inProgress"); // "in_progress"
 * ```
 */
export function toExecStatus(status: unknown): ItemStatus {
  return typeof status === "string" ? STATUS[status] ?? status : "in_progress";
}

/**
 * Maps one app-server `ThreadItem`.
 *
 * @param item The app-server item.
 * @returns The exec-vocabulary item, or `null` for items exec mode does not report (the user's own message).
 * @example
 * ```ts
 * toExecItem({ type: "agentMessage", id: "m1", text: "hi" }); // { id: "m1", type: "agent_message", text: "hi", raw }
 * ```
 */
export function toExecItem(item: WireItem): ThreadItem | null {
  const mapped = mapItem(item);
  return mapped && mapped.type !== "unknown" ? { ...mapped, raw: item } : mapped;
}

function mapItem(item: Wire): ThreadItem | null {
  const base = { id: String(item.id ?? "") };
  switch (item.type) {
    case "userMessage":
      return null;
    case "agentMessage": {
      const moderation = toModeration(item.moderation);
      return { ...base, type: "agent_message", text: item.text ?? "", ...(moderation ? { moderation } : {}) };
    }
    case "reasoning": {
      const parts: string[] = item.summary?.length ? item.summary : item.content ?? [];
      return { ...base, type: "reasoning", text: parts.join("\n\n") };
    }
    case "commandExecution":
      return {
        ...base,
        type: "command_execution",
        command: item.command ?? "",
        aggregated_output: item.aggregatedOutput ?? "",
        exit_code: item.exitCode ?? null,
        status: toExecStatus(item.status),
      };
    case "fileChange":
      return {
        ...base,
        type: "file_change",
        changes: (item.changes ?? []).map((c: Wire) => ({ path: c.path, kind: c.kind?.type ?? c.kind, diff: c.diff })),
        status: toExecStatus(item.status),
      };
    case "mcpToolCall":
      return {
        ...base,
        type: "mcp_tool_call",
        server: item.server,
        tool: item.tool,
        arguments: item.arguments,
        result: item.result
          ? { content: item.result.content ?? [], structured_content: item.result.structuredContent ?? null }
          : null,
        error: item.error ?? null,
        status: toExecStatus(item.status),
        ...(item.environmentId !== undefined ? { environment_id: item.environmentId } : {}),
      };
    case "webSearch":
      return { ...base, type: "web_search", query: item.query ?? "", ...(item.action ? { action: item.action } : {}) };
    case "collabAgentToolCall":
      return {
        ...base,
        type: "collab_tool_call",
        tool: snakeCase(String(item.tool ?? "")),
        status: toExecStatus(item.status),
        ...(item.senderThreadId !== undefined ? { sender_thread_id: item.senderThreadId } : {}),
        ...(item.receiverThreadIds !== undefined ? { receiver_thread_ids: item.receiverThreadIds } : {}),
        ...(item.prompt !== undefined ? { prompt: item.prompt } : {}),
        ...(item.agentsStates !== undefined ? { agents_states: item.agentsStates } : {}),
      };
    default:
      return { ...base, type: "unknown", item_type: String(item.type), raw: item };
  }
}

const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// codex 0.169 sent `display: { action, blockType, … }`; 0.171 a union on `mode`. Both read as `mode`.
function toModeration(moderation: unknown): AgentMessageModeration | null {
  if (typeof moderation !== "object" || moderation === null) return null;
  const m = moderation as Wire;
  const display = m.display;
  if (typeof display !== "object" || display === null || "mode" in display || typeof display.action !== "string") {
    return m as AgentMessageModeration;
  }
  return { ...m, moderated: m.moderated, display: { ...display, mode: display.action } } as AgentMessageModeration;
}

/**
 * Converts an app-server token breakdown to exec {@link Usage}.
 * @param u An app-server token breakdown.
 * @returns The exec-shaped usage.
 * @example
 * ```ts
 * toExecUsage({ inputTokens: 5, cachedInputTokens: 0, outputTokens: 1, reasoningOutputTokens: 0, totalTokens: 6 });
 * ```
 */
export function toExecUsage(u: TokenUsageBreakdown): Usage {
  return {
    input_tokens: u.inputTokens ?? 0,
    cached_input_tokens: u.cachedInputTokens ?? 0,
    cache_write_input_tokens: (u as Wire).cacheWriteInputTokens ?? 0,
    output_tokens: u.outputTokens ?? 0,
    reasoning_output_tokens: u.reasoningOutputTokens ?? 0,
  };
}
