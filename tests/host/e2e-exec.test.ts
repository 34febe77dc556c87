// End to end through a codex host: a client on this runtime drives the real codex binary (exec and app-server) on a
// host on 127.0.0.1 over the websocket transport; codex answers to the scripted model configured in the host's own
// CODEX_HOME.
import { afterEach, describe, expect, it } from "vitest";
import { Codex } from "@codexkit/sdk";
import { reply, runCommand } from "@codexkit/sdk/testing";
import { isAlive } from "../helpers/harness.ts";
import { eventually } from "../helpers/process-state.ts";
import { startHost, type TestHost } from "./helpers.ts";

let h: TestHost | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("exec turns through the codex host", { timeout: 180_000 }, () => {
  it("runs a turn remotely: final response, items, usage", async () => {
    h = await startHost({ steps: [reply("Hello over the relay", { usage: { input_tokens: 500, output_tokens: 7 } })] });
    const codex = new Codex({ transport: h.client() });
    const thread = codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.root });
    const turn = await thread.run("Say hello");
    expect(turn.finalResponse).toBe("Hello over the relay");
    expect(turn.usage).toMatchObject({ input_tokens: 500, output_tokens: 7 });
    expect(thread.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.transport.specs).toHaveLength(1);
    expect(h.transport.specs[0]).toMatchObject({ mode: "exec", options: { workingDirectory: h.root, sandboxMode: "workspace-write", codexHome: h.codexHome } });
  });

  it("runs a real command on the host and a second turn resumes the thread", async () => {
    h = await startHost({ steps: [runCommand("echo ran-on-host"), reply("first"), reply("second")] });
    const thread = new Codex({ transport: h.client() }).startThread({ skipGitRepoCheck: true, workingDirectory: h.root });
    const first = await thread.run("run it");
    expect(first.commands().map((c) => c.aggregated_output)).toEqual([expect.stringContaining("ran-on-host")]);
    const second = await thread.run("again");
    expect(second.finalResponse).toBe("second");
    expect(h.transport.specs[1]).toMatchObject({ resume: thread.id });
  });

  it("aborts mid-turn: the codex process on the host is gone", async () => {
    h = await startHost({ steps: [runCommand("sleep 30"), reply("never")] });
    const thread = new Codex({ transport: h.client() }).startThread({ skipGitRepoCheck: true, workingDirectory: h.root });
    const controller = new AbortController();
    const { events } = await thread.runStreamed("sleep", { signal: controller.signal });
    const seen: string[] = [];
    const consumed = (async () => {
      for await (const e of events) {
        seen.push(e.type);
        if (e.type === "item.started") controller.abort();
      }
    })();
    await expect(consumed).rejects.toMatchObject({ code: "CODEX_ABORT_ERROR" });
    const pid = h.transport.channels[0]!.pid!;
    expect(await eventually(() => !isAlive(pid))).toBe(true);
  });
});
