/**
 * Translates one codex turn's events into AI SDK stream parts: the answer as text (deltas on the app-server
 * backend), reasoning as reasoning parts, codex's own actions as provider-executed dynamic tool calls with their
 * results, and — in envelope mode — the caller's tool calls read from codex's envelope answer.
 *
 * @module
 */
import type { LanguageModelV3StreamPart, SharedV3ProviderMetadata } from "@ai-sdk/provider";
import { TurnFailedError } from "../errors.ts";
import type { ThreadEvent, Usage } from "../thread/events.ts";
import type { ThreadItem } from "../thread/items.ts";
import { parseEnvelope } from "./envelope.ts";
import { itemToolCall, itemToolResult } from "./item-tools.ts";
import { PROVIDER_ID } from "./prompt.ts";
import { toAiUsage, toFinishReason, type TurnOutcome } from "./usage.ts";

/** Options of {@link TurnParts}. */
export interface TurnPartsOptions {
  /** Read the answer as a tool-call envelope (caller tools are on offer). */
  envelope: boolean;
  /** Prefix that makes codex's per-process item ids unique across the turns of a conversation. */
  idPrefix: string;
  /** The model id, for `response-metadata`. */
  modelId: string;
  /** Emit each codex event as a `raw` part too. */
  includeRaw: boolean;
  /** The thread id, when the turn continues a known thread. */
  threadId: string | null;
}

/**
 * The state of one turn's translation: feed it events with {@link TurnParts.map}, then call
 * {@link TurnParts.finish} (or {@link TurnParts.fail}) once.
 *
 * @example
 * ```ts
 * const parts = new TurnParts({ envelope: false, idPrefix: "t1", modelId: "gpt-5", includeRaw: false, threadId: null });
 * for await (const event of events) for (const part of parts.map(event)) controller.enqueue(part);
 * for (const part of parts.finish()) controller.enqueue(part);
 * ```
 */
export class TurnParts {
  readonly #o: TurnPartsOptions;
  #threadId: string | null;
  readonly #openText = new Set<string>();
  readonly #openReasoning = new Set<string>();
  readonly #calls = new Set<string>();
  #answer: string | null = null;
  #usage: Usage | null = null;
  #cumulative: Usage | null = null;
  #outcome: TurnOutcome | null = null;
  #failure: string | null = null;
  readonly #notices: string[] = [];

  /**
   * Starts a translation.
   * @param options Envelope mode, id prefix, model id, raw parts and the known thread id.
   */
  constructor(options: TurnPartsOptions) {
    this.#o = options;
    this.#threadId = options.threadId;
  }

  /** The thread id, once codex reported it. */
  get threadId(): string | null {
    return this.#threadId;
  }

  #meta(): SharedV3ProviderMetadata | undefined {
    return this.#threadId ? { [PROVIDER_ID]: { threadId: this.#threadId } } : undefined;
  }

  #id(item: { id: string }): string {
    return `${this.#o.idPrefix}_${item.id}`;
  }

  #text(id: string, text: string): LanguageModelV3StreamPart[] {
    const meta = this.#meta();
    return [
      { type: "text-start", id, ...(meta ? { providerMetadata: meta } : {}) },
      ...(text ? [{ type: "text-delta" as const, id, delta: text }] : []),
      { type: "text-end", id, ...(meta ? { providerMetadata: meta } : {}) },
    ];
  }

  #toolCall(item: ThreadItem): LanguageModelV3StreamPart[] {
    const call = itemToolCall(item);
    const id = this.#id(item);
    if (!call || this.#calls.has(id)) return [];
    this.#calls.add(id);
    const meta = this.#meta();
    return [{
      type: "tool-call",
      toolCallId: id,
      toolName: call.toolName,
      input: JSON.stringify(call.input),
      providerExecuted: true,
      dynamic: true,
      ...(meta ? { providerMetadata: meta } : {}),
    }];
  }

  /**
   * Translates one event.
   *
   * @param event The codex event.
   * @returns The stream parts it stands for (often none).
   */
  map(event: ThreadEvent): LanguageModelV3StreamPart[] {
    const parts: LanguageModelV3StreamPart[] = this.#o.includeRaw ? [{ type: "raw", rawValue: event }] : [];
    switch (event.type) {
      case "thread.started":
        this.#threadId = event.thread_id;
        parts.push({ type: "response-metadata", id: event.thread_id, modelId: this.#o.modelId, timestamp: new Date() });
        break;
      case "item.delta": {
        const id = `${this.#o.idPrefix}_${event.item_id}`;
        if (event.item_type === "agent_message" && !this.#o.envelope) {
          if (!this.#openText.has(id)) {
            this.#openText.add(id);
            const meta = this.#meta();
            parts.push({ type: "text-start", id, ...(meta ? { providerMetadata: meta } : {}) });
          }
          parts.push({ type: "text-delta", id, delta: event.delta });
        } else if (event.item_type === "reasoning") {
          if (!this.#openReasoning.has(id)) {
            this.#openReasoning.add(id);
            parts.push({ type: "reasoning-start", id });
          }
          parts.push({ type: "reasoning-delta", id, delta: event.delta });
        }
        break;
      }
      case "item.started":
        parts.push(...this.#toolCall(event.item));
        break;
      case "item.completed":
        parts.push(...this.#completed(event.item));
        break;
      case "turn.completed":
        this.#usage = event.turn_usage ?? null;
        this.#cumulative = event.usage;
        this.#outcome = "completed";
        break;
      case "turn.failed":
        this.#failure = event.error.message;
        this.#outcome = /^Turn interrupted$/i.test(event.error.message) ? "interrupted" : "failed";
        break;
      case "error":
        this.#notices.push(event.message);
        break;
      case "parse_error":
        this.#notices.push(event.error.message);
        break;
      default:
        break;
    }
    return parts;
  }

  #completed(item: ThreadItem): LanguageModelV3StreamPart[] {
    const id = this.#id(item);
    switch (item.type) {
      case "agent_message":
        if (this.#o.envelope) {
          this.#answer = item.text;
          return [];
        }
        if (this.#openText.delete(id)) {
          const meta = this.#meta();
          return [{ type: "text-end", id, ...(meta ? { providerMetadata: meta } : {}) }];
        }
        return this.#text(id, item.text);
      case "reasoning":
        if (this.#openReasoning.delete(id)) return [{ type: "reasoning-end", id }];
        return [{ type: "reasoning-start", id }, { type: "reasoning-delta", id, delta: item.text }, {
          type: "reasoning-end",
          id,
        }];
      case "error":
        this.#notices.push(item.message);
        return [];
      default: {
        const result = itemToolResult(item);
        if (!result) return [];
        const name = itemToolCall(item)!.toolName;
        return [...this.#toolCall(item), {
          type: "tool-result",
          toolCallId: id,
          toolName: name,
          result: result.result,
          isError: result.isError,
          dynamic: true,
        }];
      }
    }
  }

  #close(): LanguageModelV3StreamPart[] {
    const parts: LanguageModelV3StreamPart[] = [];
    for (const id of this.#openText) parts.push({ type: "text-end", id });
    for (const id of this.#openReasoning) parts.push({ type: "reasoning-end", id });
    this.#openText.clear();
    this.#openReasoning.clear();
    return parts;
  }

  #finishPart(outcome: TurnOutcome): LanguageModelV3StreamPart {
    const codex: Record<string, string | string[] | Record<string, number>> = {};
    if (this.#threadId) codex.threadId = this.#threadId;
    if (this.#notices.length > 0) codex.notices = [...this.#notices];
    if (this.#cumulative) codex.threadUsage = JSON.parse(JSON.stringify(this.#cumulative));
    return {
      type: "finish",
      usage: toAiUsage(this.#usage),
      finishReason: toFinishReason(outcome),
      providerMetadata: { [PROVIDER_ID]: codex },
    };
  }

  /**
   * Ends the turn after its last event: closes open parts, reads the envelope answer into text and tool calls, and
   * adds the `finish` part (or an `error` part first, for a failed turn).
   *
   * @returns The closing parts.
   */
  finish(): LanguageModelV3StreamPart[] {
    const parts = this.#close();
    let outcome: TurnOutcome = this.#outcome ?? "interrupted";
    if (this.#failure !== null) {
      parts.push({ type: "error", error: new TurnFailedError(this.#failure, this.#threadId) });
    } else if (this.#o.envelope && this.#answer !== null) {
      const envelope = parseEnvelope(this.#answer);
      if (envelope.final) parts.push(...this.#text(`${this.#o.idPrefix}_final`, envelope.final));
      const meta = this.#meta();
      envelope.toolCalls.forEach((call, i) => {
        parts.push({
          type: "tool-call",
          toolCallId: `${this.#o.idPrefix}_call_${i}`,
          toolName: call.name,
          input: call.arguments,
          ...(meta ? { providerMetadata: meta } : {}),
        });
      });
      if (envelope.toolCalls.length > 0) outcome = "tool-calls";
      if (!envelope.wellFormed) this.#notices.push("codex answered without the tool-call envelope");
    }
    parts.push(this.#finishPart(outcome));
    return parts;
  }

  /**
   * Ends the turn on an error that is not codex's own `turn.failed` (codex exited, the stream broke).
   *
   * @param error The error.
   * @returns The closing parts: an `error` part and a `finish` part.
   */
  fail(error: unknown): LanguageModelV3StreamPart[] {
    return [...this.#close(), { type: "error", error }, this.#finishPart("failed")];
  }
}
