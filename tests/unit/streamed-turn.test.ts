// runStreamed's `turn` promise and typed fake events, over the in-memory transport: the finished Turn once the events
// are read, a rejection for turn.failed, a stream cut short or a loop left early — and never an unhandled rejection
// when nobody awaits it (vitest fails the run on one).
import { describe, expect, it } from "vitest";
import {
  Codex,
  isCodexStreamError,
  isTurnFailedError,
  type ThreadEvent,
  type Turn,
  type Usage,
} from "@codexkit/sdk";
import { MemoryTransport } from "@codexkit/sdk/memory";

const usage: Usage = {
  input_tokens: 10,
  cached_input_tokens: 0,
  cache_write_input_tokens: 0,
  output_tokens: 2,
  reasoning_output_tokens: 0,
};
// Typed as the SDK's own events: MemoryTransport.fromLines and MemoryProcess.line take them as they are.
const events: ThreadEvent[] = [
  { type: "thread.started", thread_id: "thread-1" },
  { type: "turn.started" },
  { type: "item.started", item: { id: "c1", type: "command_execution", command: "ls", aggregated_output: "", exit_code: null, status: "in_progress" } },
  { type: "item.completed", item: { id: "c1", type: "command_execution", command: "ls", aggregated_output: "a\n", exit_code: 0, status: "completed" } },
  { type: "item.completed", item: { id: "m1", type: "agent_message", text: "done" } },
  { type: "turn.completed", usage },
];

describe("StreamedTurn.turn", () => {
  it("resolves to the finished Turn once the events have been read", async () => {
    const thread = new Codex({ transport: MemoryTransport.fromLines(events) }).startThread();
    const { events: stream, turn } = await thread.runStreamed("hi");
    const seen: string[] = [];
    for await (const event of stream) seen.push(event.type);
    const finished: Turn = await turn;
    expect(seen).toEqual(events.map((e) => e.type));
    expect(finished.finalResponse).toBe("done");
    expect(finished.commands().map((c) => c.command)).toEqual(["ls"]);
    expect(finished.usage).toMatchObject({ input_tokens: 10, output_tokens: 2 });
    expect(finished.threadId).toBe("thread-1");
    expect(finished.events).toHaveLength(events.length);
  });

  it("gives the same Turn as run()", async () => {
    const transport = MemoryTransport.fromLines(events);
    const ran = await new Codex({ transport }).startThread().run("hi");
    const { events: stream, turn } = await new Codex({ transport }).startThread().runStreamed("hi");
    for await (const _ of stream);
    const streamed = await turn;
    expect({ ...streamed }).toEqual({ ...ran });
  });

  it("rejects with TurnFailedError when codex reports turn.failed (the stream itself ends normally)", async () => {
    const transport = new MemoryTransport((p) => {
      p.line({ type: "thread.started", thread_id: "t-failed" });
      p.line({ type: "turn.failed", error: { message: "model exploded" } });
    });
    const { events: stream, turn } = await new Codex({ transport }).startThread().runStreamed("hi");
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(["thread.started", "turn.failed"]);
    const error = await turn.catch((e: unknown) => e);
    expect(isTurnFailedError(error) && error.message).toBe("model exploded");
  });

  it("rejects with the stream's own error when the stream fails", async () => {
    const transport = MemoryTransport.fromLines([{ type: "thread.started", thread_id: "t" }]); // no terminal event
    const { events: stream, turn } = await new Codex({ transport }).startThread().runStreamed("hi");
    const thrown = await (async () => {
      for await (const _ of stream);
    })().catch((e: unknown) => e);
    expect(isCodexStreamError(thrown)).toBe(true);
    await expect(turn).rejects.toBe(thrown);
  });

  it("rejects with CodexStreamError when the loop is left before the end, and codex is stopped", async () => {
    let killed = false;
    const transport = new MemoryTransport(async (p) => {
      p.line({ type: "thread.started", thread_id: "t" });
      p.killed.addEventListener("abort", () => (killed = true));
      await new Promise((resolve) => p.killed.addEventListener("abort", resolve)); // never finishes on its own
    });
    const { events: stream, turn } = await new Codex({ transport }).startThread().runStreamed("hi");
    for await (const _ of stream) break;
    const error = await turn.catch((e: unknown) => e);
    expect(isCodexStreamError(error) && error.message).toBe("Cannot finish the turn: its events were not read to the end");
    expect(killed).toBe(true);
  });

  it("does not raise an unhandled rejection when nobody awaits a failed turn", async () => {
    const transport = new MemoryTransport((p) => p.line({ type: "turn.failed", error: { message: "ignored" } }));
    const { events: stream } = await new Codex({ transport }).startThread().runStreamed("hi");
    for await (const _ of stream);
    await new Promise((resolve) => setTimeout(resolve, 20)); // an unhandled rejection would surface by now
  });

  it("runWithHooks still throws TurnFailedError and returns the Turn on success", async () => {
    const seen: string[] = [];
    const turn = await new Codex({ transport: MemoryTransport.fromLines(events) }).startThread().runWithHooks("hi", {
      onItem: { command_execution: (cmd) => void seen.push(cmd.command) },
    });
    expect(seen).toEqual(["ls"]);
    expect(turn.finalResponse).toBe("done");
    const failing = new MemoryTransport((p) => p.line({ type: "turn.failed", error: { message: "nope" } }));
    await expect(new Codex({ transport: failing }).startThread().runWithHooks("hi", {})).rejects.toSatisfy(
      isTurnFailedError,
    );
  });
});
