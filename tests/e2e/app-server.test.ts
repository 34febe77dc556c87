// End to end: the real `codex app-server` against the scripted model, fresh CODEX_HOME per test, through
// AppServerClient (typed JSON-RPC, approvals, turn sessions) and the app-server backend of Thread.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  AppServerClient,
  type AppServerNotification,
  isCodexAbortError,
  isCodexTransportError,
  isJsonRpcError,
} from "@codexkit/sdk";
import { reply, runCommand } from "@codexkit/sdk/testing";
import { type Harness, harness } from "../helpers/harness.ts";

let h: Harness | undefined;
let client: AppServerClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  await h?.dispose();
  h = undefined;
});

const PATCH = "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: hello.txt\n+hello from a patch\n*** End Patch\nEOF";

async function setup(steps: Parameters<typeof harness>[0]) {
  h = await harness(steps);
  client = await h.codex.connectAppServer();
  return { h, client };
}

// codex 0.169 quirk: an interrupt that lands before the model stream is established leaves the thread's next turn
// waiting on the dead stream. Interrupt once the scripted model has the request and codex is reading it.
async function modelIsStreaming(h: Harness, requests: number): Promise<void> {
  while (h.server.model.responseRequests.length < requests) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 150));
}

async function drain(session: AsyncIterable<AppServerNotification>): Promise<AppServerNotification[]> {
  const all: AppServerNotification[] = [];
  for await (const n of session) all.push(n);
  return all;
}

describe("AppServerClient with the real codex app-server", () => {
  it("handshakes and lists models", async () => {
    const { h, client } = await setup([]);
    expect(client.info.userAgent).toContain("codexkit_sdk_ts");
    expect(client.info.codexHome).toBe(h.codexHome);
    const { data } = await client.listModels();
    expect(data.length).toBeGreaterThan(0);
    expect(data.some((m) => m.isDefault)).toBe(true);
  });

  it("connects with no transport configured, through the runtime's native transport", async () => {
    h = await harness([]);
    client = await AppServerClient.connect({ config: h.server.config, codexHome: h.codexHome });
    expect(client).toBeInstanceOf(AppServerClient);
    expect(client.info.codexHome).toBe(h.codexHome);
    expect((await client.listModels()).data.length).toBeGreaterThan(0);
  });

  it("starts a thread, runs a turn, and streams agent deltas before the completed item", async () => {
    const { h, client } = await setup([reply("Hello from app-server", { stream: true })]);
    const { thread } = await client.startThread({ cwd: h.workDir });
    const session = await client.turnSession(thread.id, "Say hello");
    const seen = await drain(session);
    const methods = seen.map((n) => n.method);
    const firstDelta = methods.indexOf("item/agentMessage/delta");
    const completed = seen.findIndex((n) => n.method === "item/completed" && n.params.item.type === "agentMessage");
    expect(firstDelta).toBeGreaterThan(-1);
    expect(firstDelta).toBeLessThan(completed);
    const deltas = seen.flatMap((n) => (n.method === "item/agentMessage/delta" ? [n.params.delta] : [])).join("");
    expect(deltas).toBe("Hello from app-server");
    expect(methods.at(-1)).toBe("turn/completed");
    const { turn, items, tokenUsage } = await session.wait();
    expect(turn.status).toBe("completed");
    expect(items.map((i) => i.type)).toEqual(["userMessage", "agentMessage"]);
    expect(tokenUsage?.total.inputTokens).toBe(100);
  });

  for (const [decision, expected] of [
    ["accept", { item: "completed", turn: "completed", ran: true }],
    ["decline", { item: "declined", turn: "completed", ran: false }],
    ["cancel", { item: "declined", turn: "interrupted", ran: false }],
  ] as const) {
    it(`answers a command approval with ${decision}`, async () => {
      const { h, client } = await setup([runCommand("touch approved.txt && echo ran"), reply("after the command")]);
      // full access: the accepted command must really write (this machine has no bubblewrap for a sandbox)
      const { thread } = await client.startThread({ cwd: h.workDir, approvalPolicy: "untrusted", sandbox: "danger-full-access" });
      const asked: string[] = [];
      const session = await client.turnSession(thread.id, "make a file", {
        approvals: {
          commandExecution: (request) => {
            asked.push(request.command ?? "");
            return decision;
          },
        },
      });
      const { turn, items } = await session.wait();
      expect(asked).toHaveLength(1);
      expect(asked[0]).toContain("touch approved.txt");
      const command = items.find((i) => i.type === "commandExecution");
      expect(command && "status" in command && command.status).toBe(expected.item);
      expect(turn.status).toBe(expected.turn);
      expect(existsSync(join(h.workDir, "approved.txt"))).toBe(expected.ran);
    });
  }

  it("declines approvals nobody decides", async () => {
    const { h, client } = await setup([runCommand("touch nobody.txt"), reply("ok")]);
    const { thread } = await client.startThread({ cwd: h.workDir, approvalPolicy: "untrusted", sandbox: "read-only" });
    const { items } = await (await client.turnSession(thread.id, "make a file")).wait();
    const command = items.find((i) => i.type === "commandExecution");
    expect(command && "status" in command && command.status).toBe("declined");
    expect(existsSync(join(h.workDir, "nobody.txt"))).toBe(false);
  });

  it("answers a file-change approval", async () => {
    const { h, client } = await setup([runCommand(PATCH), reply("patched")]);
    const { thread } = await client.startThread({ cwd: h.workDir, approvalPolicy: "on-request", sandbox: "read-only" });
    let asked = 0;
    const session = await client.turnSession(thread.id, "add hello.txt", {
      approvals: { fileChange: () => (asked++, "accept"), commandExecution: "accept" },
    });
    const { turn, items } = await session.wait();
    expect(turn.status).toBe("completed");
    expect(asked).toBe(1);
    const change = items.find((i) => i.type === "fileChange");
    expect(change && "status" in change && change.status).toBe("completed");
    expect(readFileSync(join(h.workDir, "hello.txt"), "utf8")).toBe("hello from a patch\n");
  });

  it("interrupts a turn, then runs a second turn on the same thread", async () => {
    const { h, client } = await setup([{ hang: true }, reply("second turn works")]);
    const { thread } = await client.startThread({ cwd: h.workDir });
    const session = await client.turnSession(thread.id, "hang");
    for await (const n of session) if (n.method === "turn/started") break;
    await modelIsStreaming(h, 1);
    await session.interrupt();
    expect((await session.wait()).turn.status).toBe("interrupted");
    const next = await (await client.turnSession(thread.id, "again")).wait();
    expect(next.turn.status).toBe("completed");
    expect(next.items.some((i) => i.type === "agentMessage" && i.text === "second turn works")).toBe(true);
  });

  it("steers a running turn", async () => {
    const { h, client } = await setup([{ output: [{ type: "message", text: "first" }], delayMs: 600 }, reply("steered")]);
    const { thread } = await client.startThread({ cwd: h.workDir });
    const session = await client.turnSession(thread.id, "start");
    for await (const n of session) if (n.method === "turn/started") break;
    await session.steer([{ type: "text", text: "also do this", text_elements: [] }]);
    const { turn } = await session.wait();
    expect(turn.status).toBe("completed");
    const bodies = JSON.stringify(h.server.model.responseRequests.map((r) => r.body?.input));
    expect(bodies).toContain("also do this");
  });

  it("forks, lists, reads and archives threads", async () => {
    const { h, client } = await setup([reply("one")]);
    const { thread } = await client.startThread({ cwd: h.workDir });
    await (await client.turnSession(thread.id, "remember this")).wait();
    const { thread: fork } = await client.forkThread({ threadId: thread.id });
    expect(fork.forkedFromId).toBe(thread.id);
    const { data } = await client.listThreads({});
    expect(data.map((t) => t.id)).toEqual(expect.arrayContaining([thread.id]));
    const read = await client.readThread({ threadId: thread.id });
    expect(read.thread.id).toBe(thread.id);
    const loaded = await client.listLoadedThreads();
    expect(loaded.data).toEqual(expect.arrayContaining([thread.id, fork.id]));
    await client.archiveThread({ threadId: thread.id });
    const archived = await client.listThreads({ archived: true });
    expect(archived.data.map((t) => t.id)).toContain(thread.id);
  });

  it("runs command/exec", async () => {
    const { h, client } = await setup([]);
    const result = await client.execCommand({ command: ["sh", "-c", "echo out; echo err >&2; exit 3"], cwd: h.workDir });
    expect(result).toMatchObject({ exitCode: 3, stdout: "out\n", stderr: "err\n" });
  });

  it("writes a config value and reads it back from the temp CODEX_HOME", async () => {
    const { h, client } = await setup([]);
    const written = await client.writeConfigValue({ keyPath: "model_reasoning_effort", value: "high", mergeStrategy: "replace" });
    expect(written.status).toBe("ok");
    expect(written.filePath).toBe(join(h.codexHome, "config.toml"));
    expect(readFileSync(join(h.codexHome, "config.toml"), "utf8")).toContain('model_reasoning_effort = "high"');
    const { config } = await client.readConfig({});
    expect((config as Record<string, unknown>).model_reasoning_effort).toBe("high");
  });

  it("turns an unknown method into a JsonRpcError", async () => {
    const { client } = await setup([]);
    const err: any = await client.requestUntyped("no/such/method", {}).catch((e: any) => e);
    expect(isJsonRpcError(err)).toBe(true);
    expect(err.rpcCode).toBe(-32600);
    expect(err.toJSON().message).toContain("unknown variant");
  });

  it("rejects every pending request when codex is killed mid-request", async () => {
    const { h, client } = await setup([{ hang: true }]);
    const { thread } = await client.startThread({ cwd: h.workDir });
    await client.turnSession(thread.id, "hang");
    const pending = [
      client.execCommand({ command: ["sleep", "30"], cwd: h.workDir }),
      client.execCommand({ command: ["sleep", "31"], cwd: h.workDir }),
    ];
    await new Promise((r) => setTimeout(r, 100));
    h.transport.channels.at(-1)!.kill();
    const results = await Promise.allSettled(pending);
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect(isCodexTransportError((r as PromiseRejectedResult).reason)).toBe(true);
    }
    const late = await client.listModels().catch((e) => e);
    expect(isCodexTransportError(late)).toBe(true);
  });
});

describe("Thread on the app-server backend", () => {
  it("streams item.delta events and survives an abort", async () => {
    h = await harness([reply("streamed", { stream: true }), { hang: true }, reply("after abort")], { backend: "app-server" });
    const thread = h.codex.startThread({ workingDirectory: h.workDir });
    const { events } = await thread.runStreamed("hi");
    const types: string[] = [];
    for await (const e of events) types.push(e.type);
    expect(types.indexOf("item.delta")).toBeLessThan(types.lastIndexOf("item.completed"));

    const controller = new AbortController();
    const { events: hanging } = await thread.runStreamed("hang", { signal: controller.signal });
    const err = await (async () => {
      for await (const e of hanging) {
        if (e.type === "turn.started") void modelIsStreaming(h!, 2).then(() => controller.abort());
      }
    })().catch((e) => e);
    expect(isCodexAbortError(err)).toBe(true);
    const after = await thread.run("next");
    expect(after.finalResponse).toBe("after abort");
    expect(h.transport.channels).toHaveLength(1); // one app-server, still the same process
    await h.codex.close();
  });
});

describe("Thread on the app-server backend (more)", () => {
  it("steers the running turn", async () => {
    h = await harness([{ output: [{ type: "message", text: "first" }], delayMs: 600 }, reply("steered")], {
      backend: "app-server",
    });
    const thread = h.codex.startThread({ workingDirectory: h.workDir });
    const { events } = await thread.runStreamed("start");
    for await (const e of events) if (e.type === "turn.started") await thread.steer("also do this");
    expect(JSON.stringify(h.server.model.responseRequests.map((r) => r.body?.input))).toContain("also do this");
    await expect(thread.steer("too late")).rejects.toThrow(/no turn is running/);
    await h.codex.close();
  });

  it("gives the same Turn as the exec backend for the same script", async () => {
    const script = () => [
      runCommand("echo parity-output && exit 2"),
      reply("Parity reached.", { usage: { input_tokens: 700, output_tokens: 9, cached_input_tokens: 100 } }),
    ];
    const summarize = async (backend: "exec" | "app-server") => {
      const env = await harness(script(), { backend });
      try {
        const thread = env.codex.startThread({ workingDirectory: env.workDir, skipGitRepoCheck: true });
        const turn = await thread.run("run the parity command");
        return {
          finalResponse: turn.finalResponse,
          items: turn.items.filter((i) => i.type !== "error").map((i) => {
            const { id: _id, raw: _raw, ...rest } = i as Record<string, unknown>;
            return rest;
          }),
          usage: turn.usage,
          cumulative: turn.cumulativeUsage,
        };
      } finally {
        await env.codex.close();
        await env.dispose();
      }
    };
    const exec = await summarize("exec");
    const appServer = await summarize("app-server");
    expect(exec.finalResponse).toBe("Parity reached.");
    expect(exec.items.map((i) => i.type)).toEqual(["command_execution", "agent_message"]);
    expect(appServer).toEqual(exec);
  });
});
