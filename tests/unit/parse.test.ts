// parseEvent is the contract with codex's JSONL: known shapes are checked, newer codex output passes through
// (lenient) or is rejected (strict), and every rejection carries the offending line for diagnosis.
import { describe, expect, it } from "vitest";
import {
  CodexParseError,
  isCodexParseError,
  parseEvent,
  type ParseOptions,
  type ThreadEvent,
  type ThreadItem,
} from "@codexkit/sdk";

const line = (value: unknown) => JSON.stringify(value);

function parseError(text: string, options?: ParseOptions): CodexParseError {
  try {
    parseEvent(text, options);
  } catch (err) {
    if (isCodexParseError(err)) return err;
    throw err;
  }
  throw new Error(`expected a CodexParseError for ${text}`);
}

function itemOf(event: ThreadEvent): ThreadItem {
  if (event.type !== "item.started" && event.type !== "item.updated" && event.type !== "item.completed") {
    throw new Error(`expected an item event, got ${event.type}`);
  }
  return event.item;
}

const completed = (item: Record<string, unknown>) => parseEvent(line({ type: "item.completed", item }));
const completedItem = (item: Record<string, unknown>) => itemOf(completed(item));

describe("parseEvent: events", () => {
  it("parses thread.started, turn.started, turn.failed and error", () => {
    expect(parseEvent('{"type":"thread.started","thread_id":"0199-abc"}'))
      .toEqual({ type: "thread.started", thread_id: "0199-abc" });
    expect(parseEvent('{"type":"turn.started"}')).toEqual({ type: "turn.started" });
    expect(parseEvent(line({ type: "turn.failed", error: { message: "quota", code: 429 } })))
      .toEqual({ type: "turn.failed", error: { message: "quota", code: 429 } });
    expect(parseEvent(line({ type: "error", message: "Reconnecting... 1/5" })))
      .toEqual({ type: "error", message: "Reconnecting... 1/5" });
  });

  it("parses turn.completed, reading missing usage counters as 0 and keeping new ones", () => {
    expect(parseEvent(line({ type: "turn.completed", usage: { input_tokens: 12, output_tokens: 3, new_tokens: 7 } })))
      .toEqual({
        type: "turn.completed",
        usage: {
          input_tokens: 12,
          cached_input_tokens: 0,
          cache_write_input_tokens: 0,
          output_tokens: 3,
          reasoning_output_tokens: 0,
          new_tokens: 7,
        },
      });
  });

  it("parses item.started, item.updated and item.completed around the item", () => {
    for (const type of ["item.started", "item.updated", "item.completed"]) {
      expect(parseEvent(line({ type, item: { id: "item_0", type: "reasoning", text: "thinking" } })))
        .toEqual({ type, item: { id: "item_0", type: "reasoning", text: "thinking" } });
    }
  });

  it("keeps fields it does not know on events and items", () => {
    expect(parseEvent(line({ type: "thread.started", thread_id: "t", model: "gpt-5" })))
      .toEqual({ type: "thread.started", thread_id: "t", model: "gpt-5" });
    const item = { id: "i", type: "agent_message", text: "x", phase: 2 };
    const event = { type: "item.completed", seq: 4, item };
    expect(parseEvent(line(event))).toEqual(event);
  });
});

describe("parseEvent: items", () => {
  it("parses agent_message, reasoning and error items", () => {
    expect(completedItem({ id: "a", type: "agent_message", text: "Hello" }))
      .toEqual({ id: "a", type: "agent_message", text: "Hello" });
    expect(completedItem({ id: "r", type: "reasoning", text: "**Plan**" }))
      .toEqual({ id: "r", type: "reasoning", text: "**Plan**" });
    expect(completedItem({ id: "e", type: "error", message: "tool failed" }))
      .toEqual({ id: "e", type: "error", message: "tool failed" });
  });

  it("parses command_execution, defaulting aggregated_output while running", () => {
    expect(itemOf(parseEvent(line({
      type: "item.started",
      item: { id: "c", type: "command_execution", command: "/bin/bash -lc ls", exit_code: null, status: "in_progress" },
    })))).toEqual({
      id: "c",
      type: "command_execution",
      command: "/bin/bash -lc ls",
      aggregated_output: "",
      exit_code: null,
      status: "in_progress",
    });
    expect(completedItem({
      id: "c",
      type: "command_execution",
      command: "ls",
      aggregated_output: "a\n",
      exit_code: 0,
      status: "completed",
    })).toMatchObject({ aggregated_output: "a\n", exit_code: 0, status: "completed" });
  });

  it("parses file_change with its changes", () => {
    const item = { id: "f", type: "file_change", changes: [{ path: "/w/a.ts", kind: "update" }], status: "completed" };
    expect(completedItem(item)).toEqual(item);
  });

  it("parses mcp_tool_call, defaulting result.content", () => {
    expect(completedItem({
      id: "m",
      type: "mcp_tool_call",
      server: "docs",
      tool: "search",
      arguments: { q: "x" },
      result: { structured_content: { n: 1 } },
      error: null,
      status: "completed",
    })).toEqual({
      id: "m",
      type: "mcp_tool_call",
      server: "docs",
      tool: "search",
      arguments: { q: "x" },
      result: { content: [], structured_content: { n: 1 } },
      error: null,
      status: "completed",
    });
  });

  it("parses web_search, defaulting query", () => {
    expect(completedItem({ id: "w", type: "web_search" })).toEqual({ id: "w", type: "web_search", query: "" });
  });

  it("parses a web_search line with a duplicated id key, keeping the last id", () => {
    const raw = '{"type":"item.completed","item":{"id":"item_3","type":"web_search","id":"ws_0a1b",' +
      '"query":"weather","action":{"type":"search","query":"weather"}}}';
    expect(parseEvent(raw).type).toBe("item.completed");
    expect(parseEvent(raw, { strict: true })).toMatchObject({
      item: { id: "ws_0a1b", type: "web_search", query: "weather", action: { type: "search" } },
    });
  });

  it("parses todo_list and collab_tool_call", () => {
    const items = [{ text: "a", completed: true }, { text: "b", completed: false }];
    const todo = { id: "t", type: "todo_list", items };
    expect(itemOf(parseEvent(line({ type: "item.updated", item: todo })))).toEqual(todo);
    expect(completedItem({ id: "k", type: "collab_tool_call", tool: "spawn_agent" }))
      .toEqual({ id: "k", type: "collab_tool_call", tool: "spawn_agent" });
  });
});

describe("parseEvent: unknown types", () => {
  it("passes an unknown event type through as `unknown` in lenient mode", () => {
    const raw = { type: "turn.plan", steps: 3 };
    expect(parseEvent(line(raw))).toEqual({ type: "unknown", event_type: "turn.plan", raw });
  });

  it("passes an unknown item type through as `unknown` in lenient mode", () => {
    const raw = { id: "x", type: "hologram", size: 9 };
    expect(completed(raw)).toEqual({
      type: "item.completed",
      item: { id: "x", type: "unknown", item_type: "hologram", raw },
    });
    expect(completedItem({ type: "hologram" })).toMatchObject({ id: "", item_type: "hologram" });
  });

  it("rejects unknown event and item types in strict mode", () => {
    const event = '{"type":"turn.plan"}';
    expect(parseError(event, { strict: true }).line).toBe(event);
    const item = line({ type: "item.completed", item: { id: "x", type: "hologram" } });
    const err = parseError(item, { strict: true });
    expect(err.line).toBe(item);
    expect(err.message).toContain("hologram");
  });

  // EVENT_SCHEMAS / ITEM_SCHEMAS are plain objects indexed by the received type (src/exec/parse.ts lines 49 and
  // 89), so "constructor", "toString" or "__proto__" find Object.prototype members and valibot throws a TypeError.
  it("treats type names that are Object.prototype members as unknown event types", () => {
    for (const type of ["constructor", "toString", "__proto__"]) {
      expect(parseEvent(line({ type }))).toMatchObject({ type: "unknown", event_type: type });
    }
  });

  it("treats item type names that are Object.prototype members as unknown item types", () => {
    expect(completedItem({ id: "x", type: "toString" })).toMatchObject({ type: "unknown", item_type: "toString" });
    expect(parseError(line({ type: "item.started", item: { id: "x", type: "constructor" } }), { strict: true }))
      .toBeInstanceOf(CodexParseError);
  });
});

const ev = (item: Record<string, unknown>) => ({ type: "item.completed", item });

describe("parseEvent: malformed lines", () => {
  it("rejects invalid JSON with the line and the JSON error as cause", () => {
    const err = parseError("{not json");
    expect(err.line).toBe("{not json");
    expect(err.code).toBe("CODEX_PARSE_ERROR");
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it.each(["[1,2]", "42", "null", '"turn.started"', "{}", '{"type":5}', '{"thread_id":"t"}'])(
    "rejects %s, which is not an event with a string type",
    (text) => {
      expect(parseError(text).line).toBe(text);
    },
  );

  it.each([
    [{ type: "thread.started", thread_id: 5 }, "thread_id"],
    [{ type: "thread.started" }, "thread_id"],
    [{ type: "turn.completed" }, "usage"],
    [{ type: "turn.completed", usage: { input_tokens: "5" } }, "usage.input_tokens"],
    [{ type: "turn.failed", error: "boom" }, "error"],
    [{ type: "error" }, "message"],
    [{ type: "item.completed" }, "type"],
    [ev({ id: "i", type: "agent_message", text: 1 }), "text"],
    [ev({ id: 7, type: "reasoning", text: "x" }), "id"],
    [ev({ id: "i", type: "todo_list", items: [{ text: "a", completed: "y" }] }), "items.0.completed"],
    [ev({ id: "i", type: "file_change", changes: [{ path: "p" }], status: "ok" }), "changes.0.kind"],
    [ev({ id: "i", type: "command_execution", command: "ls", status: 0 }), "status"],
  ])("rejects a known type with a wrong field: %o", (value, field) => {
    const text = line(value);
    for (const strict of [false, true]) {
      const err = parseError(text, { strict });
      expect(err.line).toBe(text);
      expect(err.message).toContain(field);
    }
  });
});
