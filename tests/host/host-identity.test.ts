// Which host a client reached: the Hello names the host (`hostId`, the proxy's routing key) and its process
// (`instanceId`, new at every start). A reconnect that reaches the same name restarted cannot resume what the old
// process ran: the client fails those channels with HOST_GONE itself, without a futile resume.
import { afterEach, describe, expect, it } from "vitest";
import { realpath } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createCodexHost } from "@codexkit/sdk/host";
import { isCodexRelayError, websocketTransport } from "@codexkit/sdk/websocket";
import { ClientWebSocket, TOKEN } from "./helpers.ts";
import { type FakeHost, startFakeHost } from "./fake-host.ts";
import { rawRelay } from "./raw.ts";

const started: FakeHost[] = [];
afterEach(async () => {
  for (const h of started.splice(0)) await h.close().catch(() => {});
});

async function fakeHost(...args: Parameters<typeof startFakeHost>): Promise<FakeHost> {
  const h = await startFakeHost(...args);
  started.push(h);
  return h;
}

describe("host identity", { timeout: 60_000 }, () => {
  it("the Hello names the host and its process; every host gets its own process id", async () => {
    const a = await fakeHost({ hostId: "host-a" });
    const relay = await rawRelay(a.url);
    const hello = await relay.next((f) => f.frame.case === "hello");
    relay.close();
    expect(hello.frame.value).toMatchObject({ hostId: "host-a", instanceId: a.host.instanceId });
    expect(a.host.hostId).toBe("host-a");
    const unnamed = await fakeHost();
    expect(unnamed.host.hostId).toMatch(/^[A-Za-z0-9_-]{12}$/); // random when not configured
    expect(unnamed.host.instanceId).not.toBe(a.host.instanceId);
  });

  it("refuses a host id a proxy could not route on", async () => {
    const roots = [await realpath(tmpdir())];
    for (const hostId of ["", "a b", "a/b", "x".repeat(65), "ä"]) {
      await expect(createCodexHost({ auth: { tokens: [TOKEN] }, roots, hostId })).rejects.toThrow(/Cannot use host id .*letters, digits/);
    }
  });

  it("a reconnect that reaches the same host id restarted fails the channel with HOST_GONE, without resuming", async () => {
    const logs: Array<{ event: string }> = [];
    const before = await fakeHost({ hostId: "host-a" });
    before.next = { mode: "sleeper" };
    const transport = websocketTransport({
      url: before.url,
      token: TOKEN,
      WebSocket: ClientWebSocket,
      reconnect: { initialDelayMs: 20, maxDelayMs: 50, maxAttempts: 200 },
    });
    try {
      const channel = await transport.open({ mode: "exec", options: {} });
      const reader = channel.lines.getReader();
      expect((await reader.read()).value).toBe("ready");
      await before.close(); // the host stops (1012) and its codex with it
      const after = await fakeHost({ hostId: "host-a", log: (e) => logs.push(e) }, { port: before.port });
      const err = await reader.read().catch((e: unknown) => e);
      expect(isCodexRelayError(err)).toBe(true);
      expect(err).toMatchObject({ reason: "HOST_GONE" });
      expect((err as Error).message).toContain('codex host "host-a" that ran it is gone (the reconnect reached host "host-a" restarted)');
      expect(await channel.exited).toEqual({ exitCode: null, signal: null, stderrTail: "" });
      expect(logs.filter((e) => e.event === "connected")).toHaveLength(1); // the reconnect reached the new process
      expect(logs.some((e) => e.event === "resume-refused")).toBe(false); // and asked it for nothing it cannot have
      // the transport works on: the next channel opens on the host reached
      after.next = { mode: "echo" };
      const next = await transport.open({ mode: "exec", options: {} });
      await next.write("again\n");
      await next.closeStdin();
      const lines: string[] = [];
      for (const r = next.lines.getReader();;) {
        const { done, value } = await r.read();
        if (done) break;
        lines.push(value);
      }
      expect(lines).toEqual(["got:again", "eof"]);
    } finally {
      await transport.close();
    }
  });
});
