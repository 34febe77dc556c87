// Small helpers shared by the examples: one way to print items and usage, and a wait for asynchronous effects.
import type { ThreadItem, Usage } from "@codexkit/sdk";

/** One line describing an item: its type and the interesting part (command and exit code, text, paths). */
export function describeItem(item: ThreadItem): string {
  switch (item.type) {
    case "command_execution":
      return `command_execution: ${item.command}${item.exit_code != null ? ` → exit ${item.exit_code}` : ""}`;
    case "agent_message":
    case "reasoning":
      return `${item.type}: ${item.text.split("\n")[0]}`;
    case "file_change":
      return `file_change: ${item.changes.map((c) => `${c.kind} ${c.path}`).join(", ")}`;
    case "error":
      return `error: ${item.message}`;
    default:
      return item.type;
  }
}

/** `1200 in (100 cached) / 40 out`, or `unknown` when codex did not report it. */
export function formatUsage(usage: Usage | null | undefined): string {
  if (!usage) return "unknown";
  const cached = usage.cached_input_tokens ? ` (${usage.cached_input_tokens} cached)` : "";
  return `${usage.input_tokens} in${cached} / ${usage.output_tokens} out`;
}

/** Waits until `check` passes or `timeoutMs` elapses; returns whether it passed. */
export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
