// The JSON-RPC peer against a scripted server on the memory transport: routing by id, separate server-request ids,
// notifications, timeouts, aborts, malformed lines, and no pending promise left when the server dies.
import { describe, expect, it } from "vitest";
import {
  answerApproval,
  isCodexAbortError,
  isCodexTimeoutError,
  isCodexTransportError,
  isJsonRpcError,
  JsonRpcError,
  JsonRpcPeer,
} from "@codexkit/sdk";
import { type MemoryProcess, MemoryTransport } from "@codexkit/sdk/memory";

async function peerWith(server: (p: MemoryProcess) => Promise<void>, onProtocolError?: (line: string) => void) {
  const channel = await new MemoryTransport(server).open({ mode: "app-server", options: {} });
  return new JsonRpcPeer(channel, onProtocolError ? { onProtocolError } : {});
}

describe("JsonRpcPeer", () => {
  it("routes answers by id, out of order, and keeps the wire free of a jsonrpc field", async () => {
    const seen: unknown[] = [];
    const peer = await peerWith(async (p) => {
      const pending: Array<Record<string, unknown>> = [];
      for await (const line of p.stdinLines()) {
        const msg = JSON.parse(line);
        seen.push(msg);
        pending.push(msg);
        if (pending.length === 2) {
          for (const m of pending.reverse()) p.line({ id: m.id, result: { echo: m.method } });
        }
      }
    });
    const [a, b] = await Promise.all([peer.request("first", {}), peer.request("second")]);
    expect(a).toEqual({ echo: "first" });
    expect(b).toEqual({ echo: "second" });
    expect(seen).toEqual([{ id: 1, method: "first", params: {} }, { id: 2, method: "second" }]);
  });

  it("turns error answers into JsonRpcError with code, data and toJSON()", async () => {
    const peer = await peerWith(async (p) => {
      for await (const line of p.stdinLines()) {
        p.line({ id: JSON.parse(line).id, error: { code: -32600, message: "Not initialized", data: { hint: 1 } } });
      }
    });
    const err: any = await peer.request("thread/start", {}).catch((e: any) => e);
    expect(isJsonRpcError(err)).toBe(true);
    expect(err.rpcCode).toBe(-32600);
    expect(err.method).toBe("thread/start");
    expect(err.toJSON()).toEqual({ code: -32600, message: "Not initialized", data: { hint: 1 } });
  });

  it("delivers notifications and answers server requests in their own id space", async () => {
    const answers: unknown[] = [];
    const peer = await peerWith(async (p) => {
      p.line({ method: "turn/started", params: { threadId: "t" } });
      p.line({ id: 0, method: "item/fileChange/requestApproval", params: { threadId: "t" } });
      p.line({ id: 1, method: "unknown/request", params: {} });
      for await (const line of p.stdinLines()) {
        answers.push(JSON.parse(line));
        if (answers.length === 2) return;
      }
    });
    const notes: string[] = [];
    peer.onNotification((method) => notes.push(method));
    peer.setServerRequestHandler(async (method, params) => {
      if (method === "unknown/request") throw new JsonRpcError({ code: -32601, message: "nope" });
      return await answerApproval(method, params, { fileChange: "acceptForSession" });
    });
    await peer.closed;
    expect(notes).toEqual(["turn/started"]);
    expect(answers).toEqual([
      { id: 0, result: { decision: "acceptForSession" } },
      { id: 1, error: { code: -32601, message: "nope" } },
    ]);
  });

  it("reports malformed lines without losing the messages after them", async () => {
    const bad: string[] = [];
    const peer = await peerWith(async (p) => {
      for await (const line of p.stdinLines()) {
        p.line("{oops");
        p.line({ id: JSON.parse(line).id, result: 7 });
      }
    }, (line) => bad.push(line));
    expect(await peer.request("x", {})).toBe(7);
    expect(bad).toEqual(["{oops"]);
  });

  it("times out and aborts single requests, leaving the peer usable", async () => {
    const peer = await peerWith(async (p) => {
      for await (const line of p.stdinLines()) {
        const msg = JSON.parse(line);
        if (msg.method === "fast") p.line({ id: msg.id, result: "ok" });
      }
    });
    const timeout = await peer.request("slow", {}, { timeoutMs: 30 }).catch((e) => e);
    expect(isCodexTimeoutError(timeout)).toBe(true);
    const controller = new AbortController();
    const aborted = peer.request("slow", {}, { signal: controller.signal }).catch((e) => e);
    controller.abort();
    expect(isCodexAbortError(await aborted)).toBe(true);
    expect(await peer.request("fast", {})).toBe("ok");
  });

  it("rejects every pending request when the server dies, and later ones at once", async () => {
    const peer = await peerWith(async (p) => {
      let n = 0;
      for await (const _ of p.stdinLines()) {
        if (++n === 3) {
          p.stderr("panic: boom\n");
          p.exit(101);
        }
      }
    });
    const results = await Promise.allSettled([peer.request("a", {}), peer.request("b", {}), peer.request("c", {})]);
    for (const r of results) {
      expect(r.status).toBe("rejected");
      const reason = (r as PromiseRejectedResult).reason;
      expect(isCodexTransportError(reason)).toBe(true);
      expect(reason.message).toContain("exited with code 101");
      expect(reason.message).toContain("panic: boom");
    }
    expect((await peer.closed).exitCode).toBe(101);
    await expect(peer.request("late", {})).rejects.toMatchObject({ code: "CODEX_TRANSPORT_ERROR" });
  });
});

describe("answerApproval", () => {
  it("declines when nobody decides, when a callback throws, and on timeout", async () => {
    expect(await answerApproval("item/commandExecution/requestApproval", {}, {})).toEqual({ decision: "decline" });
    expect(await answerApproval("item/commandExecution/requestApproval", {}, {
      commandExecution: () => {
        throw new Error("bug");
      },
    })).toEqual({ decision: "decline" });
    expect(await answerApproval("item/fileChange/requestApproval", {}, {
      fileChange: () => new Promise(() => {}),
      timeoutMs: 20,
    })).toEqual({ decision: "decline" });
  });

  it("maps decisions for permissions and MCP elicitations", async () => {
    const asked = { permissions: { network: { enabled: true } } };
    expect(await answerApproval("item/permissions/requestApproval", asked, { permissions: "acceptForSession" }))
      .toEqual({ permissions: asked.permissions, scope: "session" });
    expect(await answerApproval("item/permissions/requestApproval", asked, {}))
      .toEqual({ permissions: {}, scope: "turn" });
    expect(await answerApproval("mcpServer/elicitation/request", {}, { mcpElicitation: "accept" }))
      .toEqual({ action: "accept", content: {}, _meta: null });
    expect(await answerApproval("mcpServer/elicitation/request", {}, { mcpElicitation: "cancel" }))
      .toEqual({ action: "cancel", content: null, _meta: null });
    expect(await answerApproval("item/tool/call", {}, {})).toBeUndefined();
  });

  it("onClose: listeners get the exit status once, unsubscribing releases them, and activity counts what is held", async () => {
    let finish!: () => void;
    const peer = await peerWith(async (p) => {
      await new Promise<void>((resolve) => (finish = resolve));
      p.exit(3);
    });
    const calls: Array<number | null> = [];
    const offA = peer.onClose((status) => calls.push(status.exitCode));
    const offB = peer.onClose(() => calls.push(-1));
    const offN = peer.onNotification(() => {});
    expect(peer.activity).toEqual({ pendingRequests: 0, notificationListeners: 1, closeListeners: 2 });
    offB();
    offN();
    const pending = peer.request("never/answered", {});
    expect(peer.activity).toEqual({ pendingRequests: 1, notificationListeners: 0, closeListeners: 1 });
    finish();
    expect(isCodexTransportError(await pending.catch((e) => e))).toBe(true);
    await peer.closed;
    expect(calls).toEqual([3]);
    expect(peer.activity).toEqual({ pendingRequests: 0, notificationListeners: 0, closeListeners: 0 });
    offA();
    // subscribing after the end still hears about it (on the next microtask)
    const late = await new Promise<number | null>((resolve) => peer.onClose((status) => resolve(status.exitCode)));
    expect(late).toBe(3);
    expect(peer.isClosed).toBe(true);
    expect(isCodexTransportError(await peer.request("after/close", {}).catch((e) => e))).toBe(true);
  });
});
