// Thread behaviour that a real codex cannot be made to produce on demand (malformed lines, a stream cut short,
// unknown event types), driven through the in-memory transport.
import { describe, expect, it } from "vitest";
import {
  Codex,
  isCodexCLIError,
  isCodexError,
  isCodexParseError,
  isCodexStreamError,
  type ThreadEvent,
} from "@codexkit/sdk";
import { MemoryTransport } from "@codexkit/sdk/memory";

const usage = { input_tokens: 10, cached_input_tokens: 0, output_tokens: 2 };
const started = { type: "thread.started", thread_id: "thread-1" };
const message = (text: string, id = "item_1") => ({ type: "item.completed", item: { id, type: "agent_message", text } });

async function collect(events: AsyncIterable<ThreadEvent>): Promise<ThreadEvent[]> {
  const out: ThreadEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe("Thread over the memory transport", () => {
  it("surfaces a malformed line as parse_error and keeps the events after it", async () => {
    const transport = MemoryTransport.fromLines([
      started,
      "{not json",
      message("still here"),
      { type: "turn.completed", usage },
    ]);
    const thread = new Codex({ transport }).startThread();
    const { events } = await thread.runStreamed("hi");
    const all = await collect(events);
    expect(all.map((e) => e.type)).toEqual(["thread.started", "parse_error", "item.completed", "turn.completed"]);
    const bad = all[1]!;
    expect(bad.type === "parse_error" && isCodexParseError(bad.error) && bad.error.line).toBe("{not json");

    const turn = await new Codex({ transport }).startThread().run("hi");
    expect(turn.finalResponse).toBe("still here");
    expect(turn.events.filter((e) => e.type === "parse_error")).toHaveLength(1);
  });

  it("throws the parse error in strict mode", async () => {
    const transport = MemoryTransport.fromLines([started, '{"type":"brand.new"}', { type: "turn.completed", usage }]);
    const err = await new Codex({ transport, strict: true }).startThread().run("hi").catch((e) => e);
    expect(isCodexParseError(err)).toBe(true);
    expect(err.line).toBe('{"type":"brand.new"}');
  });

  it("passes unknown event and item types through in lenient mode", async () => {
    const transport = MemoryTransport.fromLines([
      started,
      { type: "turn.plan", steps: 3 },
      { type: "item.completed", item: { id: "x", type: "hologram", size: 9 } },
      { type: "turn.completed", usage },
    ]);
    const turn = await new Codex({ transport }).startThread().run("hi");
    expect(turn.events[1]).toEqual({ type: "unknown", event_type: "turn.plan", raw: { type: "turn.plan", steps: 3 } });
    expect(turn.items[0]).toMatchObject({ type: "unknown", item_type: "hologram", id: "x", raw: { size: 9 } });
  });

  it("is an error when the stream ends without turn.completed or turn.failed", async () => {
    const transport = MemoryTransport.fromLines([started, { type: "turn.started" }]);
    const err = await new Codex({ transport }).startThread().run("hi").catch((e) => e);
    expect(isCodexStreamError(err)).toBe(true);
  });

  it("reports a non-zero exit with the stderr tail, even after events", async () => {
    const transport = MemoryTransport.fromLines([started], { exitCode: 2, stderr: "Error: bad flag --frobnicate\n" });
    const err = await new Codex({ transport }).startThread().run("hi").catch((e) => e);
    expect(isCodexCLIError(err)).toBe(true);
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain("bad flag --frobnicate");
  });

  it("writes the prompt to stdin, closes it, and joins text parts with a blank line", async () => {
    let received = "";
    const transport = new MemoryTransport(async (p) => {
      received = await p.stdinClosed;
      p.line(started);
      p.line({ type: "turn.completed", usage });
    });
    await new Codex({ transport }).startThread().run([
      { type: "text", text: "first" },
      { type: "text", text: "second" },
    ]);
    expect(received).toBe("first\n\nsecond");
  });

  it("computes per-turn usage from codex's running totals and resumes by id", async () => {
    let total = 0;
    const transport = new MemoryTransport(async (p) => {
      await p.stdinClosed;
      total += 100;
      p.line(started);
      p.line({ type: "turn.completed", usage: { ...usage, input_tokens: total } });
    });
    const thread = new Codex({ transport }).startThread();
    const first = await thread.run("a");
    const second = await thread.run("b");
    expect(first.usage?.input_tokens).toBe(100);
    expect(second.usage?.input_tokens).toBe(100);
    expect(second.cumulativeUsage?.input_tokens).toBe(200);
    expect(transport.launches[1]).toMatchObject({ mode: "exec", resume: "thread-1" });
    // a transport that cannot read the session rollout cannot know a resumed thread's baseline: null, not wrong
    const resumed = await new Codex({ transport }).resumeThread("thread-1").run("c");
    expect(resumed.usage).toBeNull();
    expect(resumed.cumulativeUsage?.input_tokens).toBe(300);
  });

  it("refuses a second concurrent turn on one thread", async () => {
    const transport = new MemoryTransport(async (p) => {
      await new Promise((r) => setTimeout(r, 50));
      p.line(started);
      p.line({ type: "turn.completed", usage });
    });
    const thread = new Codex({ transport }).startThread();
    const first = thread.run("a");
    const second = await thread.run("b").catch((e) => e);
    expect(isCodexError(second)).toBe(true);
    expect(second.message).toMatch(/already running/);
    await first;
  });

  it("stops the process when the consumer breaks out of the loop", async () => {
    let killed = false;
    const transport = new MemoryTransport(async (p) => {
      p.line(started);
      p.killed.addEventListener("abort", () => (killed = true));
      await new Promise((r) => setTimeout(r, 10_000));
    });
    const { events } = await new Codex({ transport }).startThread().runStreamed("hi");
    for await (const e of events) if (e.type === "thread.started") break;
    expect(killed).toBe(true);
  });

  it("aborts a turn the memory process never finishes", async () => {
    const transport = new MemoryTransport(async (p) => {
      p.line(started);
      await new Promise((r) => setTimeout(r, 10_000));
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const err = await new Codex({ transport }).startThread().run("hi", { signal: controller.signal }).catch((e) => e);
    expect(err.code).toBe("CODEX_ABORT_ERROR");
  });

  it("refuses approvals and app-server-only input on the exec backend, naming the option", async () => {
    const codex = new Codex({ transport: MemoryTransport.fromLines([]) });
    expect(() => codex.startThread({ approvals: { commandExecution: "accept" } })).toThrow(/Invalid option approvals/);
    const thread = codex.startThread();
    await expect(thread.run("x", { approvals: { fileChange: "accept" } })).rejects.toMatchObject({ option: "approvals" });
    await expect(thread.run([{ type: "image", url: "https://example.com/a.png" }])).rejects.toMatchObject({
      option: "input[0]",
    });
    await expect(thread.steer("more")).rejects.toThrow(/app-server backend/);
  });

  it("explains that the core has no default transport", async () => {
    const { Codex: CoreCodex } = await import("../../src/codex.ts");
    const err = await new CoreCodex().startThread().run("hi").catch((e) => e);
    expect(err.code).toBe("CODEX_TRANSPORT_ERROR");
    expect(err.message).toContain("@codexkit/sdk/node");
  });
});
