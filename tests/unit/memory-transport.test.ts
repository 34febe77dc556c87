// The memory transport as a linked peer: the script reads stdin line by line and answers, like a JSON-RPC server.
import { describe, expect, it } from "vitest";
import { iterateStream } from "@codexkit/sdk";
import { MemoryTransport } from "@codexkit/sdk/memory";

describe("MemoryTransport", () => {
  it("lets a script answer stdin lines as they arrive", async () => {
    const transport = new MemoryTransport(async (p) => {
      for await (const line of p.stdinLines()) p.line({ echo: JSON.parse(line).n * 2 });
    });
    const channel = await transport.open({ mode: "app-server", options: {} });
    const reader = iterateStream(channel.lines);
    await channel.write('{"n":1}\n');
    expect(JSON.parse((await reader.next()).value!)).toEqual({ echo: 2 });
    await channel.write('{"n":21}\n{"n":5}\n');
    expect(JSON.parse((await reader.next()).value!)).toEqual({ echo: 42 });
    expect(JSON.parse((await reader.next()).value!)).toEqual({ echo: 10 });
    await channel.closeStdin();
    expect((await reader.next()).done).toBe(true);
    expect(await channel.exited).toMatchObject({ exitCode: 0, signal: null });
    expect(transport.launches).toEqual([{ mode: "app-server", options: {} }]);
  });

  it("reports a kill as SIGTERM and aborts the script's signal", async () => {
    let killed = false;
    const transport = new MemoryTransport(async (p) => {
      await new Promise<void>((r) => p.killed.addEventListener("abort", () => r()));
      killed = true;
    });
    const channel = await transport.open({ mode: "exec", options: {} });
    channel.kill();
    expect(await channel.exited).toMatchObject({ exitCode: null, signal: "SIGTERM" });
    await new Promise((r) => setTimeout(r, 0));
    expect(killed).toBe(true);
    await expect(channel.write("x")).rejects.toMatchObject({ code: "CODEX_TRANSPORT_ERROR" });
  });

  it("turns a throwing script into exit 1 with the message on stderr", async () => {
    const transport = new MemoryTransport(() => {
      throw new Error("script broke");
    });
    const channel = await transport.open({ mode: "exec", options: {} });
    const status = await channel.exited;
    expect(status.exitCode).toBe(1);
    expect(status.stderrTail).toContain("script broke");
  });
});
