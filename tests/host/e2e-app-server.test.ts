// The app-server backend through a codex host: AppServerClient and Thread run unchanged over the websocket
// transport; the remote client answers approvals; the host filters methods and clamps params; approvals nobody
// answers are declined by the host.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppServerClient, Codex, isCodexTransportError, isJsonRpcError } from "@codexkit/sdk";
import { reply, runCommand } from "@codexkit/sdk/testing";
import { eventually } from "../helpers/process-state.ts";
import { startHost, type TestHost } from "./helpers.ts";

let h: TestHost | undefined;
let client: AppServerClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  await h?.close();
  h = undefined;
});

async function setup(steps: NonNullable<Parameters<typeof startHost>[0]>["steps"], options: Parameters<typeof startHost>[0] = {}) {
  // full access: an accepted command must really write (this machine has no bubblewrap for a sandbox)
  h = await startHost({ steps, policy: { sandboxCeiling: "danger-full-access" }, ...options });
  client = await AppServerClient.connect({ transport: h.client() });
  return { h, client };
}

describe("app-server through the codex host", { timeout: 180_000 }, () => {
  for (const [decision, ran] of [["accept", true], ["decline", false]] as const) {
    it(`the remote client answers a command approval: ${decision}`, async () => {
      const { h, client } = await setup([runCommand("touch approved.txt && echo ran"), reply("after the command")]);
      const { thread } = await client.startThread({ cwd: h.root, approvalPolicy: "untrusted", sandbox: "danger-full-access" });
      const asked: string[] = [];
      const session = await client.turnSession(thread.id, "make a file", {
        approvals: { commandExecution: (request) => (asked.push(request.command ?? ""), decision) },
      });
      const { turn, items } = await session.wait();
      expect(asked).toEqual([expect.stringContaining("touch approved.txt")]);
      const command = items.find((i) => i.type === "commandExecution");
      // under heavy load codex may finish the turn before it reports the accepted command completed (the local
      // app-server suite shows the same): what matters is whether the command ran
      if (ran) expect(command && "status" in command && command.status).not.toBe("declined");
      else expect(command && "status" in command && command.status).toBe("declined");
      expect(turn.status).toBe("completed");
      const file = join(h.root, "approved.txt");
      expect(ran ? await eventually(() => existsSync(file)) : existsSync(file)).toBe(ran);
    });
  }

  it("16. an approval the owner does not answer in time is declined by the host", async () => {
    const { h, client } = await setup([runCommand("touch late.txt"), reply("ok")], { limits: { approvalTimeoutMs: 1500 } });
    const { thread } = await client.startThread({ cwd: h.root, approvalPolicy: "untrusted", sandbox: "danger-full-access" });
    const session = await client.turnSession(thread.id, "make a file", {
      approvals: { commandExecution: () => new Promise(() => {}), timeoutMs: 120_000 },
    });
    const { items } = await session.wait();
    const command = items.find((i) => i.type === "commandExecution");
    expect(command && "status" in command && command.status).toBe("declined");
    expect(existsSync(join(h.root, "late.txt"))).toBe(false);
    expect(h.logs.some((l) => l.event === "declined-on-timeout")).toBe(true);
  });

  it("8. a method off the allow-list gets a JSON-RPC error and codex never receives it", async () => {
    const { h, client } = await setup([]);
    const marker = join(h.root, "exec-ran");
    const err: any = await client.requestUntyped("command/exec", { command: ["touch", marker], cwd: h.root }).catch((e) => e);
    expect(isJsonRpcError(err)).toBe(true);
    expect(err.message).toContain("not allowed by this codex host");
    for (const method of ["config/value/write", "fs/readFile", "thread/shellCommand", "account/logout", "feedback/upload", "plugin/install"]) {
      const e: any = await client.requestUntyped(method, {}).catch((x) => x);
      expect(e.message).toContain("not allowed by this codex host");
    }
    expect(existsSync(marker)).toBe(false);
    expect((await client.listModels()).data).toBeDefined(); // the channel is still fine
  });

  it("clamps thread/start and turn/start: provider, config, cwd and sandbox are the host's to decide", async () => {
    const { h, client } = await setup([], { policy: { sandboxCeiling: "workspace-write" } });
    const refusals = [
      { modelProvider: "evil" },
      { config: { notify: ["/bin/sh", "-c", "touch /tmp/pwned"] } },
      { config: { "model_providers.evil.base_url": "http://evil.example" } },
      { cwd: "/" },
      { sandbox: "danger-full-access" },
      { approvalsReviewer: "guardian_subagent" },
      { someFutureParam: true },
    ];
    for (const params of refusals) {
      const err: any = await client.startThread({ cwd: h.root, ...params } as never).catch((e) => e);
      expect(isJsonRpcError(err)).toBe(true);
    }
    const { thread } = await client.startThread({ cwd: h.root });
    const err: any = await client.startTurn({ threadId: thread.id, input: [{ type: "text", text: "x", text_elements: [] }], sandboxPolicy: { type: "dangerFullAccess" } } as never).catch((e) => e);
    expect(isJsonRpcError(err)).toBe(true);
    expect(h.model.requests).toHaveLength(0);
  });

  it("15. codex dying mid-request rejects the client's pending requests with a typed error", async () => {
    const { h, client } = await setup([{ hang: true }]);
    const { thread } = await client.startThread({ cwd: h.root });
    await client.turnSession(thread.id, "hang");
    const pending = client.listModels().then(() => client.readThread({ threadId: thread.id, includeTurns: true }));
    h.transport.channels.at(-1)!.kill();
    const err = await pending.then(() => client!.listModels()).catch((e) => e);
    expect(isCodexTransportError(err) || (err as { code?: string })?.code === "CODEX_RELAY_ERROR").toBe(true);
  });
});

describe("Thread on the app-server backend through the codex host", { timeout: 180_000 }, () => {
  it("runs turns and steers the running one over the relay", async () => {
    h = await startHost({ steps: [reply("first answer"), { output: [{ type: "message", text: "first" }], delayMs: 800 }, reply("steered")] });
    const codex = new Codex({ transport: h.client(), backend: "app-server" });
    try {
      const thread = codex.startThread({ workingDirectory: h.root });
      expect((await thread.run("hello")).finalResponse).toBe("first answer");
      const { events } = await thread.runStreamed("long one");
      for await (const e of events) if (e.type === "turn.started") await thread.steer("also do this");
      const texts = JSON.stringify(h.model.model.responseRequests.at(-1)!.body);
      expect(texts).toContain("also do this");
    } finally {
      await codex.close();
    }
  });
});
