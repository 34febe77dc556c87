// The pure parts of the AI SDK model: prompt → codex turn, the tool envelope, usage and finish reasons.
import { describe, expect, it } from "vitest";
import { envelopeSchema, parseEnvelope, toAiUsage, toFinishReason, toTurnInput } from "@codexkit/sdk/ai";

const user = (text: string) => ({ role: "user" as const, content: [{ type: "text" as const, text }] });

describe("toTurnInput", () => {
  it("sends a lone user message as it is, system messages apart", () => {
    const turn = toTurnInput([{ role: "system", content: "Be brief." }, user("Hi")]);
    expect(turn).toEqual({ threadId: null, system: ["Be brief."], text: "Hi", images: [], warnings: [] });
  });

  it("writes a longer conversation without a thread as a transcript with roles", () => {
    const turn = toTurnInput([
      user("One"),
      { role: "assistant", content: [{ type: "text", text: "Two" }] },
      user("Three"),
    ]);
    expect(turn.threadId).toBeNull();
    expect(turn.text).toBe("[user]\nOne\n\n[assistant]\nTwo\n\n[user]\nThree");
  });

  it("continues the thread of the newest marked answer and sends only what came after it", () => {
    const turn = toTurnInput([
      { role: "system", content: "Be brief." },
      user("Weather?"),
      {
        role: "assistant",
        content: [{
          type: "tool-call",
          toolCallId: "c1",
          toolName: "weather",
          input: { city: "Paris" },
          providerOptions: { codex: { threadId: "T1" } },
        }],
      },
      {
        role: "tool",
        content: [{
          type: "tool-result",
          toolCallId: "c1",
          toolName: "weather",
          output: { type: "json", value: { sky: "sunny" } },
          // the AI SDK copies the call's options onto its result: that must not count as an answer
          providerOptions: { codex: { threadId: "T1" } },
        }],
      },
    ]);
    expect(turn.threadId).toBe("T1");
    expect(turn.system).toEqual([]); // the thread has them already
    expect(turn.text).toBe('[tool]\n[result of the tool weather (id c1)]\n{"sky":"sunny"}');
  });

  it("providerOptions.codex.threadId picks the thread; images become image parts; unknown files warn", () => {
    // bytes of a type codex takes go as image_bytes (both backends); URLs and other image types as image URLs
    const turn = toTurnInput([
      { role: "assistant", content: [{ type: "text", text: "Earlier" }] },
      {
        role: "user",
        content: [
          { type: "text", text: "Look" },
          { type: "file", mediaType: "image/png", data: new Uint8Array([1, 2, 3]) },
          { type: "file", mediaType: "image/jpeg", data: "AQID" },
          { type: "file", mediaType: "image/png", data: new URL("https://example.com/a.png") },
          { type: "file", mediaType: "image/bmp", data: new Uint8Array([4]) },
          { type: "file", mediaType: "text/plain", data: new TextEncoder().encode("notes"), filename: "a.txt" },
          { type: "file", mediaType: "application/pdf", data: new Uint8Array([0]) },
        ],
      },
    ], "T9");
    expect(turn.threadId).toBe("T9");
    expect(turn.images).toEqual([
      { type: "image_bytes", data: new Uint8Array([1, 2, 3]), mediaType: "image/png" },
      { type: "image_bytes", data: new Uint8Array([1, 2, 3]), mediaType: "image/jpeg" },
      { type: "image", url: "https://example.com/a.png" },
      { type: "image", url: "data:image/bmp;base64,BA==" },
    ]);
    expect(turn.text).toContain("[file a.txt (text/plain)]\nnotes");
    expect(turn.warnings).toEqual([{ type: "unsupported", feature: "file parts of type application/pdf" }]);
  });
});

describe("the tool envelope", () => {
  it("is a strict schema naming the offered tools; required and named choices demand a call", () => {
    const tools = [{ type: "function" as const, name: "a", inputSchema: {} }, {
      type: "function" as const,
      name: "b",
      inputSchema: {},
    }];
    const auto = envelopeSchema(tools, { type: "auto" }) as any;
    expect(auto.required).toEqual(["tool_calls", "final"]);
    expect(auto.additionalProperties).toBe(false);
    expect(auto.properties.tool_calls.items.properties.name.enum).toEqual(["a", "b"]);
    expect(auto.properties.tool_calls.minItems).toBeUndefined();
    const named = envelopeSchema(tools, { type: "tool", toolName: "b" }) as any;
    expect(named.properties.tool_calls.items.properties.name.enum).toEqual(["b"]);
    expect(named.properties.tool_calls.minItems).toBe(1);
  });

  it("parses leniently: object arguments re-encoded, bad calls dropped, plain text kept as the answer", () => {
    expect(
      parseEnvelope(
        '{"tool_calls":[{"name":"a","arguments":{"x":1}},{"arguments":"{}"},{"name":"b","arguments":""}],"final":""}',
      ),
    )
      .toEqual({
        toolCalls: [{ name: "a", arguments: '{"x":1}' }, { name: "b", arguments: "{}" }],
        final: "",
        wellFormed: true,
      });
    expect(parseEnvelope("just text")).toEqual({ toolCalls: [], final: "just text", wellFormed: false });
    expect(parseEnvelope("[1]")).toEqual({ toolCalls: [], final: "[1]", wellFormed: false });
  });
});

describe("usage and finish reasons", () => {
  it("splits input into cache reads, writes and the rest, output into reasoning and text", () => {
    const usage = toAiUsage({
      input_tokens: 100,
      cached_input_tokens: 30,
      cache_write_input_tokens: 10,
      output_tokens: 20,
      reasoning_output_tokens: 5,
    });
    expect(usage.inputTokens).toEqual({ total: 100, noCache: 60, cacheRead: 30, cacheWrite: 10 });
    expect(usage.outputTokens).toEqual({ total: 20, text: 15, reasoning: 5 });
    expect(toAiUsage(null).inputTokens.total).toBeUndefined();
  });

  it("an interrupted turn is not stop", () => {
    expect(toFinishReason("interrupted").unified).toBe("other");
    expect(toFinishReason("tool-calls").unified).toBe("tool-calls");
    expect(toFinishReason("completed").unified).toBe("stop");
    expect(toFinishReason("failed").unified).toBe("error");
  });
});
