// `codexkit host` as a process: refuses to start without auth, prints its URL first, and on SIGTERM with live
// sessions closes sockets with 1012, kills every codex process group and exits 0.
import { readFileSync } from "node:fs";
import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flattenConfig } from "@codexkit/sdk";
import { startScriptedModel, type ScriptedModelServer } from "@codexkit/sdk/testing";
import { descendantsOf, eventually, isAlive } from "../helpers/process-state.ts";
import { TOKEN } from "./helpers.ts";
import { startHostCli } from "./host-cli.ts";
import { rawRelay } from "./raw.ts";

let dir: string;
let model: ScriptedModelServer;

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "codexkit-cli-host-")));
  model = await startScriptedModel([]);
  await writeFile(join(dir, "config.toml"), flattenConfig(model.config).join("\n") + "\n");
  await writeFile(join(dir, "tokens"), `${TOKEN}\n`);
});
afterAll(async () => {
  await model.close();
  await rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

const startCli = (args: string[], env: Record<string, string> = {}) => startHostCli(args, { CODEX_HOME: dir, ...env });

const isCodex = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("app-server");
  } catch {
    return false;
  }
};

describe("codexkit host", { timeout: 120_000 }, () => {
  it("5. refuses to start without authentication, on any address, with a clear message", async () => {
    const cli = startCli(["--hostname", "0.0.0.0", "--root", dir]);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toContain("no authentication configured");
    expect(cli.stdout()).toBe("");
  });

  it("14. SIGTERM with live sessions: 1012 to clients, every codex process gone, exit 0", async () => {
    const cli = startCli(["--port", "0", "--root", dir], { CODEXKIT_HOST_TOKEN_FILE: join(dir, "tokens") });
    expect(await eventually(() => cli.stdout().includes("\n"), 60_000)).toBe(true);
    const first = cli.stdout().split("\n")[0]!;
    expect(first).toMatch(/^codexkit host listening on ws:\/\/127\.0\.0\.1:\d+$/);
    const url = first.slice("codexkit host listening on ".length);
    const relay = await rawRelay(url);
    for (const channel of [1, 2]) {
      relay.send({ frame: { case: "open", value: { channel, launch: { case: "appServer", value: { options: {} } } } } });
      await relay.next((f) => f.frame.case === "opened" && f.frame.value.channel === channel, 60_000);
    }
    const codexes = descendantsOf(cli.child.pid!).filter(isCodex);
    expect(codexes.length).toBeGreaterThanOrEqual(2);
    expect(codexes.every(isAlive)).toBe(true);
    const logs = cli.stderr();
    cli.child.kill("SIGTERM");
    expect(await relay.closed).toBe(1012);
    expect(await cli.exit).toBe(0);
    expect(await eventually(() => codexes.every((p) => !isAlive(p)), 10_000)).toBe(true);
    // structured JSON logs on stderr, no token in them
    const lines = cli.stderr().trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.some((l) => l.event === "session-opened")).toBe(true);
    expect(logs + cli.stderr()).not.toContain(TOKEN);
  });
});
