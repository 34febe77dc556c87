// A real edge runtime: the Worker of examples/cloudflare-worker/, bundled as wrangler bundles it and run by workerd
// (Miniflare), connects to a codex host on 127.0.0.1 with a bearer token through websocketTransport and runs a turn
// on each backend against the real codex and the scripted model. The Worker runs on Node 24 in its own process, so
// this file runs once, in the Node pass of `npm test` (Deno and Bun would only repeat it; so would the node24 pass).
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { reply } from "@codexkit/sdk/testing";
import { userTexts } from "../helpers/harness.ts";
import { eventually, isAlive } from "../helpers/process-state.ts";
import { runtime } from "../helpers/runtime.ts";
import { startHost, type TestHost, TOKEN } from "./helpers.ts";
import { onNode24Pass, type ServedWorker, serveWorker } from "./workerd.ts";

const WORKER = "examples/cloudflare-worker";

let h: TestHost | undefined;
let worker: ServedWorker | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await h?.close();
  h = undefined;
});

async function ask(backend: "exec" | "app-server", prompt: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${worker!.url}?backend=${backend}`, { method: "POST", body: prompt });
  return { status: response.status, body: await response.json() as Record<string, unknown> };
}

describe.runIf(runtime === "node" && !onNode24Pass)("a Cloudflare Worker in workerd drives codex through the host", { timeout: 60_000 }, () => {
  it("runs a turn on each backend with a bearer token; no codex and no workerd is left", async () => {
    h = await startHost({ steps: [reply("exec turn, answered in a Worker"), reply("app-server turn, answered in a Worker")] });
    execFileSync("git", ["init", "-q", h.root]); // codex exec wants a repository, as it would on a real host
    worker = await serveWorker(WORKER, { CODEX_HOST_URL: h.url, CODEX_HOST_TOKEN: TOKEN });
    // the Worker got the package through its export map: the runtime-neutral core and the websocket entry
    expect(worker.sdkInputs).toEqual(expect.arrayContaining(["dist/mod.mjs", "dist/websocket.mjs"]));
    expect(worker.sdkInputs.filter((f) => /\/(node|deno|bun|host|testing)\.mjs$/.test(f))).toEqual([]);

    const exec = await ask("exec", "Say hello from the edge");
    expect(exec).toMatchObject({ status: 200, body: { backend: "exec", finalResponse: "exec turn, answered in a Worker" } });
    expect(exec.body.threadId).toMatch(/^[0-9a-f-]{36}$/);
    const app = await ask("app-server", "Say hello again");
    expect(app).toMatchObject({ status: 200, body: { backend: "app-server", finalResponse: "app-server turn, answered in a Worker" } });

    // what ran on the host: one exec, one app-server, authenticated by the token, in the host's root
    expect(h.transport.specs.map((s) => s.mode)).toEqual(["exec", "app-server"]);
    expect(h.transport.specs[0]).toMatchObject({ options: { workingDirectory: h.root } });
    expect(h.model.model.responseRequests.map((r) => userTexts(r.body).at(-1))).toEqual(["Say hello from the edge", "Say hello again"]);
    // the Worker closed its transport before answering: every codex it started on the host is gone
    const pids = h.transport.channels.map((c) => c.pid!);
    expect(pids).toHaveLength(2);
    expect(await eventually(() => !pids.some(isAlive))).toBe(true);

    expect(worker.workerdPids.length).toBeGreaterThan(0);
    expect(await worker.stop()).toEqual([]);
    worker = undefined;
  });

  it("a wrong token: the Worker gets the typed AUTH_FAILED error and the host starts nothing", async () => {
    h = await startHost();
    worker = await serveWorker(WORKER, { CODEX_HOST_URL: h.url, CODEX_HOST_TOKEN: "not-the-token" });
    const { status, body } = await ask("exec", "hi");
    expect(status).toBe(502);
    expect(body).toMatchObject({ code: "CODEX_RELAY_ERROR", reason: "AUTH_FAILED" });
    expect(body.error).toMatch(/authentication failed.*401/);
    expect(h.transport.specs).toEqual([]);
  });

  it("an unreachable host: the Worker gets the typed CONNECTION_LOST error", async () => {
    h = await startHost();
    const port = h.port;
    await h.close(); // nothing listens there any more
    h = undefined;
    worker = await serveWorker(WORKER, { CODEX_HOST_URL: `ws://127.0.0.1:${port}`, CODEX_HOST_TOKEN: TOKEN });
    const { status, body } = await ask("app-server", "hi");
    expect(status).toBe(502);
    expect(body).toMatchObject({ code: "CODEX_RELAY_ERROR", reason: "CONNECTION_LOST" });
    expect(body.error).toMatch(/Cannot connect to the codex host at ws:\/\/127\.0\.0\.1/);
  });
});
