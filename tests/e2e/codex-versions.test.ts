// Options that need a newer codex: on a codex that has them they reach codex and work; on an older one (the
// version matrix runs this file against 0.163 too) they fail at once with a CodexVersionError naming the version,
// before anything starts — never a hang or codex's own "unexpected argument".
import { type ChildProcess, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import process from "node:process";
import { afterEach, describe, expect, it } from "vitest";
import { Codex, isCodexAbortError, isCodexCLIError, isCodexVersionError, type ThreadEvent } from "@codexkit/sdk";
import { reply } from "@codexkit/sdk/testing";
import { codexAtLeast, codexPath, codexVersion, oldestMatrixCodex } from "../helpers/codex-under-test.ts";
import { type Harness, harness } from "../helpers/harness.ts";

let h: Harness | undefined;
let appServer: ChildProcess | undefined;
afterEach(async () => {
  appServer?.kill("SIGKILL");
  appServer = undefined;
  await h?.dispose();
  h = undefined;
});

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    }).on("error", reject);
  });

/** A real `codex app-server --listen ws://127.0.0.1:PORT` with a capability token, pointed at the scripted model. */
async function startListeningAppServer(h: Harness, token: string): Promise<string> {
  const port = await freePort();
  const tokenFile = join(h.codexHome, "ws-token");
  await writeFile(tokenFile, token, { mode: 0o600 });
  const config = Object.entries(h.server.config).length ? (await import("@codexkit/sdk")).flattenConfig(h.server.config) : [];
  appServer = spawn(codexPath, [
    "app-server",
    "--listen",
    `ws://127.0.0.1:${port}`,
    "--ws-auth",
    "capability-token",
    "--ws-token-file",
    tokenFile,
    ...config.flatMap((c) => ["-c", c]),
  ], { env: { ...process.env, CODEX_HOME: h.codexHome }, stdio: ["pipe", "ignore", "ignore"] });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)) return `ws://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("app-server did not become ready");
}

describe(`version-dependent options on codex ${codexVersion}`, () => {
  // Under an older codex this is the codex under test; under the pinned one, the matrix's 0.163 when installed.
  const olderCodex = codexAtLeast("0.171.0") ? oldestMatrixCodex : codexPath;
  const olderVersion = olderCodex === codexPath ? codexVersion : "0.163.0";
  it.runIf(olderCodex !== null)(`refuses remote on codex ${olderVersion} with a CodexVersionError naming 0.171.0, starting nothing`, async () => {
    h = await harness([reply("never")]);
    const codex = new Codex({ transport: h.transport, codexPathOverride: olderCodex! });
    const thread = codex.startThread({ remote: "ws://127.0.0.1:9", skipGitRepoCheck: true });
    const err = await thread.run("hi").then(() => null, (e: unknown) => e);
    expect(isCodexVersionError(err)).toBe(true);
    expect(err).toMatchObject({ feature: "remote", requiredVersion: "0.171.0", actualVersion: olderVersion });
    expect((err as Error).message).toBe(
      `Cannot use remote: it needs codex 0.171.0 or newer, and this codex is ${olderVersion}`,
    );
    expect(h.transport.channels).toHaveLength(0);
    expect(h.server.requests).toHaveLength(0);
  });

  it.runIf(codexAtLeast("0.171.0"))("runs exec --remote against a running app-server, with the token from an env var", async () => {
    h = await harness([reply("from the remote app-server")]);
    const token = crypto.randomUUID() + crypto.randomUUID();
    const url = await startListeningAppServer(h, token);
    // the agent is configured on the server: this Codex carries no config of its own
    const codex = new Codex({ transport: h.transport, env: { ...process.env, CODEXKIT_REMOTE_TOKEN: token } as Record<string, string> });
    const thread = codex.startThread({ remote: url, remoteAuthTokenEnv: "CODEXKIT_REMOTE_TOKEN", skipGitRepoCheck: true });
    const ac = new AbortController();
    const { events } = await thread.runStreamed("hello remote", { signal: ac.signal });
    const seen: ThreadEvent[] = [];
    const err = await (async () => {
      for await (const e of events) {
        seen.push(e);
        if (e.type === "turn.started") ac.abort(); // the remote accepted the turn: that is what this test checks
      }
    })().then(() => null, (e: unknown) => e);
    expect(seen.map((e) => e.type)).toContain("thread.started");
    expect(seen.map((e) => e.type)).toContain("turn.started");
    expect(thread.id).toMatch(/^[0-9a-f-]{36}$/);
    if (err !== null) expect(isCodexAbortError(err) && (err as Error).name).toBe("AbortError");
    expect(h.transport.specs[0]!.options.remote).toBe(url);
  });

  it.runIf(codexAtLeast("0.171.0"))("fails with a CodexCLIError when the remote refuses the token", async () => {
    h = await harness([reply("never")]);
    const url = await startListeningAppServer(h, crypto.randomUUID() + crypto.randomUUID());
    const codex = new Codex({ transport: h.transport, env: { ...process.env, CODEXKIT_REMOTE_TOKEN: "wrong" } as Record<string, string> });
    const thread = codex.startThread({ remote: url, remoteAuthTokenEnv: "CODEXKIT_REMOTE_TOKEN", skipGitRepoCheck: true });
    const err = await thread.run("hi").then(() => null, (e: unknown) => e);
    expect(isCodexCLIError(err)).toBe(true);
    expect((err as Error).message).toMatch(/^Codex Exec exited with code \d+/);
    expect(h.server.requests).toHaveLength(0);
  });
});
