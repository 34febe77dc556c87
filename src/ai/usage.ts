/**
 * Codex's token usage and turn outcomes in AI SDK terms.
 *
 * @module
 */
import type { LanguageModelV3FinishReason, LanguageModelV3Usage } from "@ai-sdk/provider";
import type { Usage } from "../mod.ts";

/**
 * Maps a turn's usage to the AI SDK's: input split into cache reads, cache writes and the rest; output split into
 * reasoning and text. `null` (a turn whose usage is unknown) maps to undefined counters, never to zeros.
 *
 * @param usage The turn's usage (per turn, not the thread's running total).
 * @returns The AI SDK usage, with codex's own counters as `raw`.
 * @example
 * ```ts
 * toAiUsage({ input_tokens: 100, cached_input_tokens: 40, cache_write_input_tokens: 0, output_tokens: 10, reasoning_output_tokens: 4 });
 * ```
 */
export function toAiUsage(usage: Usage | null): LanguageModelV3Usage {
  if (!usage) {
    return {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  const cached = usage.cached_input_tokens;
  const written = usage.cache_write_input_tokens;
  return {
    inputTokens: {
      total: usage.input_tokens,
      noCache: Math.max(0, usage.input_tokens - cached - written),
      cacheRead: cached,
      cacheWrite: written,
    },
    outputTokens: {
      total: usage.output_tokens,
      text: Math.max(0, usage.output_tokens - usage.reasoning_output_tokens),
      reasoning: usage.reasoning_output_tokens,
    },
    raw: JSON.parse(JSON.stringify(usage)),
  };
}

/** How a turn ended, as the model saw it. */
export type TurnOutcome = "completed" | "tool-calls" | "failed" | "interrupted";

/**
 * Maps a turn's outcome to an AI SDK finish reason; `raw` keeps codex's own word. An interrupted turn is `other`
 * (specification v3 has no `interrupted`), never `stop`.
 *
 * @param outcome How the turn ended.
 * @returns The finish reason.
 * @example
 * ```ts
 * toFinishReason("tool-calls"); // { unified: "tool-calls", raw: "tool_calls" }
 * ```
 */
export function toFinishReason(outcome: TurnOutcome): LanguageModelV3FinishReason {
  switch (outcome) {
    case "completed":
      return { unified: "stop", raw: "turn.completed" };
    case "tool-calls":
      return { unified: "tool-calls", raw: "tool_calls" };
    case "failed":
      return { unified: "error", raw: "turn.failed" };
    case "interrupted":
      return { unified: "other", raw: "interrupted" };
  }
}
