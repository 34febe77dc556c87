// The validation fast path must never accept what valibot would reject or change: for every schema parseEvent
// uses, "fast check passes" implies "valibot passes with an output deep-equal to the input".
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { compileFastCheck, ITEM_SCHEMAS, TurnCompletedEventSchema } from "@codexkit/sdk";

const SAMPLES: unknown[] = [
  { id: "i", type: "agent_message", text: "hi" },
  { id: "i", type: "agent_message", text: 1 },
  { id: "i", type: "agent_message" },
  { id: "i", type: "command_execution", command: "ls", aggregated_output: "", exit_code: null, status: "in_progress" },
  { id: "i", type: "command_execution", command: "ls", status: "completed" }, // default fills aggregated_output
  { id: "i", type: "command_execution", command: "ls", aggregated_output: "x", exit_code: "0", status: "completed" },
  { id: "i", type: "file_change", changes: [{ path: "/a", kind: "add" }], status: "completed" },
  { id: "i", type: "file_change", changes: [{ path: "/a" }], status: "completed" },
  { id: "i", type: "mcp_tool_call", server: "s", tool: "t", status: "completed", result: null, extra: [1] },
  { id: "i", type: "mcp_tool_call", server: "s", tool: "t", status: "completed", result: {} }, // default content
  { id: "i", type: "web_search", query: "q", action: { type: "search" } },
  { id: "i", type: "web_search" },
  { id: "i", type: "todo_list", items: [{ text: "a", completed: false }] },
  { id: "i", type: "todo_list", items: [{ text: "a" }] },
  { id: "i", type: "error", message: "m" },
  { id: "i", type: "collab_tool_call", tool: "wait" },
  JSON.parse('{"id":"i","type":"error","message":"m","__proto__":{"polluted":true}}'),
  { type: "turn.completed", usage: { input_tokens: 1, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 1, reasoning_output_tokens: 0 } },
  { type: "turn.completed", usage: { input_tokens: 1 } }, // defaults fill the other counters
  null,
  [],
  "agent_message",
];

describe("compileFastCheck", () => {
  const schemas = { ...ITEM_SCHEMAS, "turn.completed": TurnCompletedEventSchema };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`accepts only what ${name} passes unchanged`, () => {
      const check = compileFastCheck(schema);
      expect(check, `${name} compiles`).not.toBeNull();
      for (const sample of SAMPLES) {
        if (!check!(sample)) continue;
        const result = v.safeParse(schema, sample);
        expect(result.success, JSON.stringify(sample)).toBe(true);
        expect(result.output).toStrictEqual(sample);
      }
    });
  }

  it("gives up (null) on schema kinds it does not know", () => {
    expect(compileFastCheck(v.pipe(v.string(), v.trim()))).toBeNull();
    expect(compileFastCheck(v.union([v.string(), v.number()]))).toBeNull();
    expect(compileFastCheck(v.looseObject({ a: v.union([v.string(), v.number()]) }))).toBeNull();
  });

  it("takes the fast path for what codex really prints", () => {
    const check = compileFastCheck(ITEM_SCHEMAS.command_execution!)!;
    expect(check({ id: "item_1", type: "command_execution", command: "ls", aggregated_output: "", exit_code: null, status: "in_progress" })).toBe(true);
  });
});
