/**
 * Events of `codex exec --json` (one JSON object per line), as valibot schemas and types.
 *
 * @module
 */
import * as v from "valibot";
import type { CodexParseError } from "../errors.ts";
import type { ThreadItem } from "./items.ts";

const Tokens = v.optional(v.number(), 0);

/** Token usage, snake_case as codex prints it. */
export interface Usage {
  /** Input tokens. */
  input_tokens: number;
  /** Input tokens served from cache. */
  cached_input_tokens: number;
  /** Input tokens written to cache (0 when codex does not report it). */
  cache_write_input_tokens: number;
  /** Output tokens. */
  output_tokens: number;
  /** Reasoning tokens among the output (0 when not reported). */
  reasoning_output_tokens: number;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}

/** Schema of {@link Usage}; counters codex did not send read as 0. */
export const UsageSchema: v.GenericSchema<unknown, Usage> = v.looseObject({
  input_tokens: Tokens,
  cached_input_tokens: Tokens,
  cache_write_input_tokens: Tokens,
  output_tokens: Tokens,
  reasoning_output_tokens: Tokens,
});

/** First event of every run; on resume it repeats the thread's id. */
export interface ThreadStartedEvent {
  /** Event type. */
  type: "thread.started";
  /** The thread id (a UUID). */
  thread_id: string;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}
/** Schema of {@link ThreadStartedEvent}. */
export const ThreadStartedEventSchema: v.GenericSchema<unknown, ThreadStartedEvent> = v.looseObject({
  type: v.literal("thread.started"),
  thread_id: v.string(),
});

/** The turn began. */
export interface TurnStartedEvent {
  /** Event type. */
  type: "turn.started";
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}
/** Schema of {@link TurnStartedEvent}. */
export const TurnStartedEventSchema: v.GenericSchema<unknown, TurnStartedEvent> = v.looseObject({
  type: v.literal("turn.started"),
});

/**
 * The turn finished. `usage` is what codex reports: the thread's running total. The SDK adds `turn_usage`, this
 * turn's share (the difference from the previous total seen by this `Thread`).
 */
export interface TurnCompletedEvent {
  /** Event type. */
  type: "turn.completed";
  /** The thread's running total (as codex reports it). */
  usage: Usage;
  /** This turn's usage (added by the SDK). */
  turn_usage?: Usage;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}
/** Schema of {@link TurnCompletedEvent}. */
export const TurnCompletedEventSchema: v.GenericSchema<unknown, TurnCompletedEvent> = v.looseObject({
  type: v.literal("turn.completed"),
  usage: UsageSchema,
});

/** The error of a failed turn (`turn.failed.error`; the name `@openai/codex-sdk` exports). */
export interface ThreadError {
  /** What went wrong. */
  message: string;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}

/** The turn failed; codex exits non-zero after it. */
export interface TurnFailedEvent {
  /** Event type. */
  type: "turn.failed";
  /** What went wrong. */
  error: ThreadError;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}
/** Schema of {@link TurnFailedEvent}. */
export const TurnFailedEventSchema: v.GenericSchema<unknown, TurnFailedEvent> = v.looseObject({
  type: v.literal("turn.failed"),
  error: v.looseObject({ message: v.string() }),
});

/** An error notice. Not fatal by itself (e.g. `Reconnecting... 1/5`); only `turn.failed` or a bad exit is. */
export interface ThreadErrorEvent {
  /** Event type. */
  type: "error";
  /** The notice. */
  message: string;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}
/** Schema of {@link ThreadErrorEvent}. */
export const ThreadErrorEventSchema: v.GenericSchema<unknown, ThreadErrorEvent> = v.looseObject({
  type: v.literal("error"),
  message: v.string(),
});

/** `item.started`: an item began (commands, file changes, tool calls). */
export interface ItemStartedEvent {
  /** Event type. */
  type: "item.started";
  /** The item, as far as it is known. */
  item: ThreadItem;
}
/** `item.updated`: an item changed (todo lists). */
export interface ItemUpdatedEvent {
  /** Event type. */
  type: "item.updated";
  /** The item's new state. */
  item: ThreadItem;
}
/** `item.completed`: an item reached its final state. */
export interface ItemCompletedEvent {
  /** Event type. */
  type: "item.completed";
  /** The item's final state. */
  item: ThreadItem;
}

/** An event type this SDK version does not know; `raw` holds it as codex sent it. */
export interface UnknownEvent {
  /** Always `"unknown"`, so `switch (event.type)` keeps narrowing the known variants. */
  type: "unknown";
  /** The `type` codex sent. */
  event_type: string;
  /** The event as received. */
  raw: Record<string, unknown>;
}

/**
 * Added by the SDK (not codex) when a line could not be parsed. Streaming goes on with the next line; in `strict`
 * mode the error is thrown instead.
 */
export interface ParseErrorEvent {
  /** Event type. */
  type: "parse_error";
  /** The error; `error.line` is the offending line. */
  error: CodexParseError;
}

/**
 * App-server backend only: a streaming fragment of an item (agent text, reasoning text, command output), sent
 * before the item's `item.completed`.
 */
export interface ItemDeltaEvent {
  /** Event type. */
  type: "item.delta";
  /** The item the fragment belongs to. */
  item_id: string;
  /** The item's type. */
  item_type: "agent_message" | "reasoning" | "command_execution";
  /** The text fragment. */
  delta: string;
}

/** Every event a streamed turn yields. */
export type ThreadEvent =
  | ThreadStartedEvent
  | TurnStartedEvent
  | TurnCompletedEvent
  | TurnFailedEvent
  | ItemStartedEvent
  | ItemUpdatedEvent
  | ItemCompletedEvent
  | ItemDeltaEvent
  | ThreadErrorEvent
  | UnknownEvent
  | ParseErrorEvent;
