/**
 * Per-turn usage. codex exec reports the thread's running total in `turn.completed`; a turn's own usage is the
 * difference from the previous total.
 *
 * @module
 */
import type { Usage } from "./events.ts";

/** A usage with every counter at zero. */
export const ZERO_USAGE: Usage = Object.freeze({
  input_tokens: 0,
  cached_input_tokens: 0,
  cache_write_input_tokens: 0,
  output_tokens: 0,
  reasoning_output_tokens: 0,
}) as Usage;

const FIELDS = [
  "input_tokens",
  "cached_input_tokens",
  "cache_write_input_tokens",
  "output_tokens",
  "reasoning_output_tokens",
] as const;

/**
 * Subtracts a previous running total from the current one (never below zero).
 *
 * @param current The running total now.
 * @param previous The running total before this turn, or `null` for the thread's first turn.
 * @returns This turn's usage.
 * @example
 * ```ts
 * usageDelta({ ...ZERO_USAGE, input_tokens: 2400 }, { ...ZERO_USAGE, input_tokens: 1200 }).input_tokens; // 1200
 * ```
 */
export function usageDelta(current: Usage, previous: Usage | null): Usage {
  const out = { ...current };
  if (!previous) return out;
  for (const f of FIELDS) out[f] = Math.max(0, current[f] - previous[f]);
  return out;
}
