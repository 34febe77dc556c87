/**
 * The spans of one turn, per the OpenTelemetry GenAI semantic conventions: `invoke_agent codex` for the turn, with
 * an `execute_tool <name>` child for each command, file change, MCP call and web search, timed from the item's
 * start to its completion.
 *
 * @module
 */
import { type Attributes, context, type Span, SpanKind, SpanStatusCode, trace, type Tracer } from "@opentelemetry/api";
import type { ThreadEvent, ThreadItem, Usage } from "../mod.ts";
import { itemToolCall, itemToolResult } from "../ai/item-tools.ts";
import { ATTR_PROCESS_EXIT_CODE, safely } from "./tracer.ts";

/** What the turn span needs to know up front. */
export interface TurnSpanInit {
  /** The tracer. */
  tracer: Tracer;
  /** Record prompt, answer, tool arguments and results. */
  recordContent: boolean;
  /** The thread id, when known before the turn (a resumed thread). */
  threadId: string | null;
  /** The requested model, if any. */
  model?: string | undefined;
  /** The prompt text (recorded only with `recordContent`). */
  prompt: string;
}

const TOOL_TYPES: Record<string, string> = { mcp_tool_call: "extension", web_search: "extension" };

function usageAttributes(usage: Usage): Attributes {
  return {
    "gen_ai.usage.input_tokens": usage.input_tokens,
    "gen_ai.usage.output_tokens": usage.output_tokens,
    "gen_ai.usage.cache_read.input_tokens": usage.cached_input_tokens,
    "gen_ai.usage.reasoning.output_tokens": usage.reasoning_output_tokens,
  };
}

/**
 * Wraps a turn's events so that iterating them records the turn's spans. The events pass through unchanged;
 * breaking out of the loop or an error ends the spans too.
 *
 * @param events The turn's events.
 * @param init Tracer, content recording, thread id, model and prompt.
 * @returns The same events.
 * @example
 * ```ts
 * for await (const event of traceTurn(events, { tracer, recordContent: false, threadId: null, prompt })) {}
 * ```
 */
export async function* traceTurn(
  events: AsyncIterable<ThreadEvent>,
  init: TurnSpanInit,
): AsyncGenerator<ThreadEvent, void, undefined> {
  const { tracer, recordContent } = init;
  const turn = safely(() =>
    tracer.startSpan("invoke_agent codex", {
      kind: SpanKind.INTERNAL,
      attributes: {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.provider.name": "codex",
        "gen_ai.agent.name": "codex",
        ...(init.threadId ? { "gen_ai.conversation.id": init.threadId } : {}),
        ...(init.model ? { "gen_ai.request.model": init.model } : {}),
        ...(recordContent
          ? {
            "gen_ai.input.messages": JSON.stringify([{
              role: "user",
              parts: [{ type: "text", content: init.prompt }],
            }]),
          }
          : {}),
      },
    }, context.active())
  );
  const parent = turn ? safely(() => trace.setSpan(context.active(), turn)) : undefined;
  const tools = new Map<string, Span>();
  let answer = "";
  let outcome: { reason: string; error?: string } | null = null;

  const startTool = (item: ThreadItem) => {
    const call = itemToolCall(item);
    if (!call || tools.has(item.id) || !parent) return;
    const span = safely(() =>
      tracer.startSpan(`execute_tool ${call.toolName}`, {
        kind: SpanKind.INTERNAL,
        attributes: {
          "gen_ai.operation.name": "execute_tool",
          "gen_ai.tool.name": call.toolName,
          "gen_ai.tool.call.id": item.id,
          "gen_ai.tool.type": TOOL_TYPES[item.type] ?? "function",
          ...(recordContent ? { "gen_ai.tool.call.arguments": JSON.stringify(call.input) } : {}),
        },
      }, parent)
    );
    if (span) tools.set(item.id, span);
  };
  const endTool = (item: ThreadItem) => {
    startTool(item);
    const span = tools.get(item.id);
    const result = itemToolResult(item);
    if (!span || !result) return;
    tools.delete(item.id);
    safely(() => {
      if (recordContent) span.setAttribute("gen_ai.tool.call.result", JSON.stringify(result.result));
      if (item.type === "command_execution" && typeof item.exit_code === "number") {
        span.setAttribute(ATTR_PROCESS_EXIT_CODE, item.exit_code);
      }
      if (result.isError) {
        span.setAttribute(
          "error.type",
          item.type === "command_execution" ? "exit_code" : String(("status" in item && item.status) || "failed"),
        );
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    });
  };

  let failure: unknown = null;
  const iterator = events[Symbol.asyncIterator]();
  try {
    for (;;) {
      // codex starts (and its process span begins) inside next(): run it in the turn's context so spans nest
      const next = parent ? await context.with(parent, () => iterator.next()) : await iterator.next();
      if (next.done) break;
      const event = next.value;
      safely(() => {
        switch (event.type) {
          case "thread.started":
            turn?.setAttribute("gen_ai.conversation.id", event.thread_id);
            break;
          case "item.started":
            startTool(event.item);
            break;
          case "item.completed":
            if (event.item.type === "agent_message") answer = event.item.text;
            endTool(event.item);
            break;
          case "turn.completed":
            if (event.turn_usage) turn?.setAttributes(usageAttributes(event.turn_usage));
            outcome = { reason: "stop" };
            break;
          case "turn.failed":
            outcome = { reason: "error", error: event.error.message };
            break;
          default:
            break;
        }
      });
      yield event;
    }
  } catch (err) {
    failure = err;
    throw err;
  } finally {
    await iterator.return?.();
    safely(() => {
      for (const span of tools.values()) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: "the turn ended before the item completed" });
        span.end();
      }
      if (!turn) return;
      const ended = outcome as { reason: string; error?: string } | null;
      if (failure !== null) {
        const name = (failure as { name?: unknown })?.name;
        turn.setAttribute("error.type", typeof name === "string" ? name : "Error");
        turn.setAttribute("gen_ai.response.finish_reasons", [
          (failure as { code?: unknown })?.code === "CODEX_ABORT_ERROR" ? "cancelled" : "error",
        ]);
        turn.setStatus({ code: SpanStatusCode.ERROR, message: (failure as Error)?.message ?? String(failure) });
      } else if (ended) {
        turn.setAttribute("gen_ai.response.finish_reasons", [ended.reason]);
        if (ended.error !== undefined) {
          turn.setAttribute("error.type", "turn_failed");
          turn.setStatus({ code: SpanStatusCode.ERROR, message: ended.error });
        }
      } else {
        // the consumer stopped reading before the turn ended
        turn.setAttribute("gen_ai.response.finish_reasons", ["cancelled"]);
      }
      if (recordContent && answer) {
        turn.setAttribute(
          "gen_ai.output.messages",
          JSON.stringify([{
            role: "assistant",
            parts: [{ type: "text", content: answer }],
            finish_reason: ended?.reason ?? "error",
          }]),
        );
      }
      turn.end();
    });
  }
}
