// A codex exec that prints its terminal event and then never exits (an MCP server or a background terminal keeping
// it alive): the turn ends with its result after a grace period instead of hanging until the caller's signal, and
// the process group is stopped. The stand-in is a shell script in codex's place; the real codex cannot be made to
// hang after turn.completed on purpose.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { type Harness, harness, isAlive } from "../helpers/harness.ts";
import { eventually } from "../helpers/process-state.ts";

let h: Harness | undefined;
let scriptDir: string | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
  if (scriptDir) await rm(scriptDir, { recursive: true, force: true });
  scriptDir = undefined;
});

const events = [
  { type: "thread.started", thread_id: "stuck-thread" },
  { type: "turn.started" },
  { type: "item.completed", item: { id: "item_0", type: "agent_message", text: "the result" } },
  { type: "turn.completed", usage: { input_tokens: 1, cached_input_tokens: 0, output_tokens: 1 } },
];

async function stuckCodex(after: string): Promise<string> {
  scriptDir = await mkdtemp(join(tmpdir(), "codexkit-stuck-"));
  const path = join(scriptDir, "stuck-codex.sh");
  const lines = events.map((e) => `printf '%s\\n' '${JSON.stringify(e)}'`).join("\n");
  // a child in codex's process group keeps it from exiting, as a stuck MCP server or background terminal would
  await writeFile(path, `#!/bin/sh\ncat >/dev/null\n${lines}\n${after}\n`);
  await chmod(path, 0o755);
  return path;
}

it("ends the turn with its result when codex never exits after turn.completed, and stops the process", async () => {
  const codexPathOverride = await stuckCodex("sleep 600 & wait");
  h = await harness([], { codexPathOverride });
  const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
  const turn = await thread.run("hi");
  expect(turn.finalResponse).toBe("the result");
  expect(thread.id).toBe("stuck-thread");
  const channel = h.transport.channels[0]!;
  await channel.exited;
  expect(await eventually(() => !isAlive(channel.pid!))).toBe(true);
}, 60_000);

it("an abort after turn.completed keeps the completed turn instead of turning it into an error", async () => {
  const codexPathOverride = await stuckCodex("sleep 600 & wait");
  h = await harness([], { codexPathOverride });
  const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
  const controller = new AbortController();
  const turn = await thread.runWithHooks("hi", {
    onEvent: (event) => {
      if (event.type === "turn.completed") controller.abort();
    },
  }, { signal: controller.signal });
  expect(turn.finalResponse).toBe("the result");
}, 60_000);
