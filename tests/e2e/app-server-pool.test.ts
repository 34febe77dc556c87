// End to end: `appServerPool` — several real `codex app-server` processes behind one Codex, threads spread over
// them and kept on the app-server that started them.
import { afterEach, describe, expect, it } from "vitest";
import { reply } from "@codexkit/sdk/testing";
import { type Harness, harness } from "../helpers/harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.codex.close();
  await h?.dispose();
  h = undefined;
});

const appServers = (h: Harness) => h.transport.specs.filter((s) => s.mode === "app-server").length;

describe("appServerPool with the real codex app-server", () => {
  it("spreads concurrent threads over the pool, keeps each thread on its app-server, and closes them all", async () => {
    h = await harness(Array.from({ length: 6 }, (_, i) => reply(`answer ${i}`)), { backend: "app-server", appServerPool: 2 });
    const threads = [0, 1, 2].map(() => h!.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h!.workDir }));
    const first = await Promise.all(threads.map((t, i) => t.run(`thread ${i}, turn 1`)));
    expect(first.every((turn) => /^answer \d$/.test(turn.finalResponse))).toBe(true);
    expect(new Set(threads.map((t) => t.id)).size).toBe(3);
    expect(appServers(h)).toBe(2); // three threads at once: both members started, no third process

    // Stop the second app-server. Its threads must go back to it (the pool restarts that member and resumes them
    // there), not to the idle first one: exactly one more app-server starts.
    h.transport.channels[1]!.kill();
    await h.transport.channels[1]!.exited;
    for (const [i, t] of threads.entries()) {
      const turn = await t.run(`thread ${i}, turn 2`);
      expect(turn.finalResponse).toMatch(/^answer \d$/);
    }
    expect(appServers(h)).toBe(3);

    await h.codex.close();
    const statuses = await Promise.all(h.transport.channels.map((c) => c.exited));
    expect(statuses).toHaveLength(3);
  });

  it("starts one app-server while threads take turns one at a time", async () => {
    h = await harness([reply("one"), reply("two"), reply("three")], { backend: "app-server", appServerPool: 4 });
    const a = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    const b = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    expect((await a.run("1")).finalResponse).toBe("one");
    expect((await b.run("2")).finalResponse).toBe("two");
    expect((await a.run("3")).finalResponse).toBe("three");
    expect(appServers(h)).toBe(1);
  });
});
