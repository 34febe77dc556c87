// Resume: the socket is cut again and again mid-stream; every event arrives exactly once, in order, and every input
// is applied exactly once. A resume from before what the host still keeps gets an explicit gap. A session belongs
// to its principal. A client that never returns loses its processes after the grace period.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Channel, iterateStream } from "@codexkit/sdk";
import { isCodexRelayError, websocketTransport } from "@codexkit/sdk/websocket";
import { eventually, isAlive } from "../helpers/process-state.ts";
import { ClientWebSocket, TOKEN } from "./helpers.ts";
import { type FakeHost, startFakeHost } from "./fake-host.ts";
import { rawRelay } from "./raw.ts";

const OTHER = "another-principal-token-0123456";
let h: FakeHost;

beforeAll(async () => {
  h = await startFakeHost({
    auth: { tokens: [TOKEN, { token: OTHER, principal: "mallory" }] },
    limits: { detachGraceMs: 4000, heartbeatMs: 1000, windowBytes: 64 * 1024 },
  });
}, 60_000);
afterAll(() => h.close());

const client = () => websocketTransport({ url: h.url, token: TOKEN, WebSocket: ClientWebSocket, reconnect: { initialDelayMs: 10, maxDelayMs: 50, maxAttempts: 50 } });

describe("resume across dropped sockets", { timeout: 120_000 }, () => {
  it("cut 25+ times while 20 000 lines stream: every line exactly once, in order", async () => {
    h.next = { mode: "many" };
    const transport = client();
    const channel = await transport.open({ mode: "exec", options: {} });
    await channel.closeStdin();
    let cuts = 0;
    const got: string[] = [];
    for await (const line of iterateStream(channel.lines)) {
      got.push(line);
      if (got.length % 700 === 0) {
        while (!transport.dropConnection()) await new Promise((r) => setTimeout(r, 5)); // wait for the resume
        cuts++;
      }
    }
    expect(cuts).toBeGreaterThanOrEqual(25);
    expect(got).toHaveLength(20000);
    expect(got.every((l, i) => l === `line-${i + 1}`)).toBe(true);
    expect(await channel.exited).toMatchObject({ exitCode: 0 });
    await transport.close();
  });

  it("cut 20+ times between writes: every input applied exactly once, in order", async () => {
    h.next = { mode: "echo" };
    const transport = client();
    const channel = await transport.open({ mode: "exec", options: {} });
    let cuts = 0;
    for (let i = 1; i <= 100; i++) {
      const write = channel.write(`${i}\n`);
      if (i % 4 === 0 && transport.dropConnection()) cuts++;
      await write;
    }
    await channel.closeStdin();
    const got: string[] = [];
    for await (const line of iterateStream(channel.lines)) got.push(line);
    expect(cuts).toBeGreaterThanOrEqual(20);
    expect(got).toEqual([...Array.from({ length: 100 }, (_, i) => `got:${i + 1}`), "eof"]);
    await transport.close();
  });

  it("a resume from before what the host keeps gets an explicit gap, never silent loss", async () => {
    h.next = { mode: "many" };
    const a = await rawRelay(h.url);
    a.send({ frame: { case: "open", value: { channel: 1, launch: { case: "exec", value: { options: {} } } } } });
    const opened = await a.next((f) => f.frame.case === "opened");
    a.send({ frame: { case: "closeStdin", value: { channel: 1, seq: 1n } } });
    const { sessionId, resumeToken } = opened.frame.value as { sessionId: string; resumeToken: string };
    const firstBatch = await a.next((f) => f.frame.case === "output");
    const value = firstBatch.frame.value as { seq: bigint; lines: string[] };
    a.send({ frame: { case: "ack", value: { channel: 1, seq: value.seq + BigInt(value.lines.length) - 1n } } });
    await new Promise((r) => setTimeout(r, 200));
    a.close();
    const b = await rawRelay(h.url);
    b.send({ frame: { case: "resume", value: { channel: 5, sessionId, resumeToken, afterSeq: 0n } } });
    const gap = await b.next((f) => f.frame.case === "gap");
    expect(gap.frame.value).toMatchObject({ channel: 5, fromSeq: 1n });
    // the client-side view of a gap is a typed error on the lines stream
    b.send({ frame: { case: "resume", value: { channel: 6, sessionId, resumeToken, afterSeq: value.seq + BigInt(value.lines.length) - 1n } } });
    const resumed = await b.next((f) => f.frame.case === "resumed");
    expect(resumed.frame.value).toMatchObject({ channel: 6 });
    b.close();
  });

  it("a session belongs to its principal: another principal with the right token is refused", async () => {
    h.next = { mode: "sleeper" };
    const a = await rawRelay(h.url);
    a.send({ frame: { case: "open", value: { channel: 1, launch: { case: "exec", value: { options: {} } } } } });
    const opened = await a.next((f) => f.frame.case === "opened");
    const { sessionId, resumeToken } = opened.frame.value as { sessionId: string; resumeToken: string };
    const m = await rawRelay(h.url, OTHER);
    m.send({ frame: { case: "resume", value: { channel: 1, sessionId, resumeToken, afterSeq: 0n } } });
    const refused = await m.next((f) => f.frame.case === "error");
    expect(refused.frame.value).toMatchObject({ code: 9 });
    expect(m.frames.some((f) => f.frame.case === "output" || f.frame.case === "resumed")).toBe(false);
    a.send({ frame: { case: "kill", value: { channel: 1 } } });
    await a.next((f) => f.frame.case === "exited");
    a.close();
    m.close();
  });

  it("13. a client that never returns: after the grace period stdin closes and the process group is killed", async () => {
    h.next = { mode: "sleeper" };
    const a = await rawRelay(h.url);
    a.send({ frame: { case: "open", value: { channel: 1, launch: { case: "exec", value: { options: {} } } } } });
    await a.next((f) => f.frame.case === "output");
    const pid = h.pids.at(-1)!;
    a.close();
    await new Promise((r) => setTimeout(r, 500));
    expect(isAlive(pid)).toBe(true); // detached, not killed at once
    expect(await eventually(() => !isAlive(pid), 15_000)).toBe(true);
  });

  it("12. a silent network: missed pongs terminate the socket, the session detaches, and a resume gets every line", async () => {
    h.next = { mode: "echo" };
    const a = await rawRelay(h.url, undefined, { silenceable: true });
    a.send({ frame: { case: "open", value: { channel: 1, launch: { case: "exec", value: { options: {} } } } } });
    const opened = await a.next((f) => f.frame.case === "opened");
    const { sessionId, resumeToken } = opened.frame.value as { sessionId: string; resumeToken: string };
    a.send({ frame: { case: "stdin", value: { channel: 1, seq: 1n, text: "before\n" } } });
    await a.next((f) => f.frame.case === "output");
    const disconnectsBefore = h.host.stats().connections;
    a.silence(); // stop reading the TCP socket: pings go unanswered
    expect(await eventually(() => h.host.stats().connections < disconnectsBefore, 15_000)).toBe(true);
    expect(h.host.stats().sessions).toBeGreaterThanOrEqual(1);
    const b = await rawRelay(h.url);
    b.send({ frame: { case: "resume", value: { channel: 2, sessionId, resumeToken, afterSeq: 0n } } });
    await b.next((f) => f.frame.case === "resumed");
    b.send({ frame: { case: "stdin", value: { channel: 2, seq: 2n, text: "after\n" } } });
    b.send({ frame: { case: "closeStdin", value: { channel: 2, seq: 3n } } });
    await b.next((f) => f.frame.case === "exited");
    const lines = b.frames.flatMap((f) => (f.frame.case === "output" ? f.frame.value.lines : []));
    expect(lines).toEqual(["got:before", "got:after", "eof"]);
    b.close();
  });

  it("11. a client that stops reading stops codex: the host reads no further than its window", async () => {
    h.next = { mode: "flood" }; // 300 000 lines, ~4 MB: far more than the 64 KiB window and the pipes hold
    const transport = client();
    const channel: Channel = await transport.open({ mode: "exec", options: {} });
    await channel.closeStdin();
    await new Promise((r) => setTimeout(r, 2000));
    const pid = h.pids.at(-1)!;
    expect(isAlive(pid)).toBe(true); // blocked writing to a full pipe: the host stopped reading it
    const reader = channel.lines.getReader();
    for (let i = 1; i <= 50_000; i++) expect((await reader.read()).value).toBe(`flood-${i}`); // reading resumes it
    channel.kill();
    await channel.exited;
    await transport.close();
  });

  it("a resume refused for good surfaces as a typed error on the channel", async () => {
    h.next = { mode: "sleeper" };
    const transport = websocketTransport({ url: h.url, token: TOKEN, WebSocket: ClientWebSocket, reconnect: { initialDelayMs: 9000, maxAttempts: 1 } });
    const channel = await transport.open({ mode: "exec", options: {} });
    const reader = channel.lines.getReader();
    expect((await reader.read()).value).toBe("ready");
    transport.dropConnection();
    // the grace period (4 s) ends before the client comes back (≥ 4.5 s): the session is gone
    const err = await reader.read().catch((e) => e);
    expect(isCodexRelayError(err)).toBe(true);
    expect(["RESUME_DENIED", "CONNECTION_LOST", "UNKNOWN_CHANNEL"]).toContain(err.reason);
    await transport.close();
  });
});
