// Straight to codex's own WebSocket listener: `codex app-server --listen ws://127.0.0.1:PORT`, started by the test
// (with a capability token, and without auth on loopback), driven by AppServerClient and by the app-server backend of
// Codex through appServerWebSocketTransport — on Node (with `ws` on Node 20), Deno and Bun.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppServerClient, buildExecCommand, Codex, isCodexOptionsError, isCodexTransportError } from "@codexkit/sdk";
import { resolveCodexBinary } from "@codexkit/sdk/node";
import { type RecordedRequest, reply, type ScriptedModelServer, startScriptedModel } from "@codexkit/sdk/testing";
import { appServerWebSocketTransport, type WebSocketConstructor } from "@codexkit/sdk/websocket";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// real codex processes start here; give a loaded machine room
vi.setConfig({ testTimeout: 90_000 });

const ClientWebSocket = ((globalThis as { WebSocket?: unknown }).WebSocket ?? WebSocket) as unknown as WebSocketConstructor;
const TOKEN = "listener-capability-token-0123456789";

interface Listener {
  url: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

async function startListener(model: ScriptedModelServer, codexHome: string, auth: string[]): Promise<Listener> {
  const { command, args, env } = buildExecCommand(
    { mode: "app-server", options: { config: model.config, codexHome } },
    { codexPath: resolveCodexBinary(), baseEnv: process.env },
  );
  const child = spawn(command, [...args, "--listen", "ws://127.0.0.1:0", ...auth], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      stderr += chunk;
      const m = /listening on: (ws:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`listener exited (${code}): ${stderr}`)));
  });
  return {
    url,
    child,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill(signal);
      await exited;
    },
  };
}

function lastUserText(request: RecordedRequest): string {
  const messages = ((request.body?.input ?? []) as Array<Record<string, any>>).filter((i) => i.type === "message" && i.role === "user");
  const content = (messages.at(-1)?.content ?? []) as Array<{ type: string; text?: string }>;
  return content.filter((c) => c.type === "input_text").map((c) => c.text).join(" ");
}

let model: ScriptedModelServer;
let home: string;
let secured: Listener;
let open: Listener;

beforeAll(async () => {
  // every request is answered with the last thing the user said, so concurrent listeners cannot mix answers up
  model = await startScriptedModel([], { fallback: (request: RecordedRequest) => reply(`echo: ${lastUserText(request)}`) });
  home = await mkdtemp(join(tmpdir(), "codexkit-listener-"));
  await writeFile(join(home, "token"), TOKEN);
  secured = await startListener(model, home, ["--ws-auth", "capability-token", "--ws-token-file", join(home, "token")]);
  open = await startListener(model, home, []);
}, 60_000);

afterAll(async () => {
  await secured?.stop();
  await open?.stop();
  await model?.close();
  await rm(home, { recursive: true, force: true });
});

describe("appServerWebSocketTransport against codex's own listener", () => {
  it("runs turns with AppServerClient, authenticated with the capability token", async () => {
    const transport = appServerWebSocketTransport({ url: secured.url, token: TOKEN, WebSocket: ClientWebSocket });
    const client = await AppServerClient.connect({ transport });
    try {
      const { thread } = await client.startThread({ cwd: home });
      const session = await client.turnSession(thread.id, "Say hello");
      const result = await session.wait();
      expect(result.turn.status).toBe("completed");
      expect(JSON.stringify(result.items)).toContain("echo: Say hello");
    } finally {
      await client.close();
    }
    // the listener outlives its clients
    expect(secured.child.exitCode).toBeNull();
  });

  it("runs Thread turns on the app-server backend of Codex over the listener", async () => {
    const transport = appServerWebSocketTransport({ url: secured.url, token: TOKEN, WebSocket: ClientWebSocket });
    const codex = new Codex({ backend: "app-server", transport });
    try {
      const thread = codex.startThread({ workingDirectory: home, skipGitRepoCheck: true });
      const first = await thread.run("first");
      expect(first.finalResponse).toBe("echo: first");
      const second = await thread.run("again");
      expect(second.finalResponse).toBe("echo: again");
      expect(JSON.stringify(model.model.responseRequests.at(-1)?.body?.input)).toContain("echo: first"); // same thread
      expect(thread.id).toMatch(/\S/);
    } finally {
      await codex.close();
    }
  });

  it("works without a token on an unauthenticated loopback listener", async () => {
    const transport = appServerWebSocketTransport({ url: open.url, WebSocket: ClientWebSocket });
    const codex = new Codex({ backend: "app-server", transport });
    try {
      const turn = await codex.startThread({ workingDirectory: home }).run("no token needed");
      expect(turn.finalResponse).toBe("echo: no token needed");
    } finally {
      await codex.close();
    }
  });

  it("refuses a wrong or missing token with a typed error naming the cause", async () => {
    for (const token of [undefined, "wrong-token"]) {
      const transport = appServerWebSocketTransport({ url: secured.url, WebSocket: ClientWebSocket, ...(token ? { token } : {}) });
      const err = await AppServerClient.connect({ transport }).catch((e) => e);
      expect(isCodexTransportError(err)).toBe(true);
      // where the WebSocket reports the status (ws, Deno, Bun) the error names it; undici on Node >= 22 hides it
      expect(err.message).toMatch(/authentication failed \(HTTP 401\)|check the token \(401\)/);
    }
  });

  it("explains the 403 codex gives any request with an Origin header (what browsers send)", async () => {
    // `ws` with an Origin header added, whichever way the transport passes protocols and headers
    const WithOrigin = function (url: string, second: unknown, third: unknown) {
      const { protocols, headers } = Array.isArray(second)
        ? { protocols: second, headers: (third as { headers?: Record<string, string> } | undefined)?.headers }
        : (second as { protocols?: string[]; headers?: Record<string, string> });
      return new WebSocket(url, protocols ?? [], { headers: { ...headers, Origin: "http://127.0.0.1" } });
    } as unknown as WebSocketConstructor;
    const transport = appServerWebSocketTransport({ url: secured.url, token: TOKEN, WebSocket: WithOrigin });
    const err = await AppServerClient.connect({ transport }).catch((e) => e);
    expect(err?.message).toContain("HTTP 403");
    expect(isCodexTransportError(err)).toBe(true);
    expect(err.message).toContain("from a browser, go through a codex host");
  });

  it("refuses exec turns and launch options it cannot apply, before connecting", async () => {
    const transport = appServerWebSocketTransport({ url: secured.url, token: TOKEN, WebSocket: ClientWebSocket });
    const exec = await new Codex({ transport }).startThread().run("hi").catch((e) => e);
    expect(isCodexTransportError(exec)).toBe(true);
    expect(exec.message).toContain("app-server protocol only");
    const configured = await AppServerClient.connect({ transport, config: { model: "x" } }).catch((e) => e);
    expect(isCodexOptionsError(configured)).toBe(true);
    expect(configured.option).toBe("config");
    expect(() => appServerWebSocketTransport({ url: "http://127.0.0.1:1" })).toThrow(/ws:\/\/ or wss:\/\//);
  });

  it("fails pending requests with a typed error when the listener dies", async () => {
    const model2 = await startScriptedModel([{ hang: true } as never]);
    const home2 = await mkdtemp(join(tmpdir(), "codexkit-listener-"));
    const doomed = await startListener(model2, home2, []);
    const transport = appServerWebSocketTransport({ url: doomed.url, WebSocket: ClientWebSocket });
    const client = await AppServerClient.connect({ transport });
    try {
      const { thread } = await client.startThread({ cwd: home2 });
      const session = await client.turnSession(thread.id, "hang");
      const waiting = session.wait().then(() => "settled", (e) => e);
      await doomed.stop("SIGKILL"); // a crash, not a shutdown
      const err = await waiting;
      expect(err).toBeInstanceOf(Error);
      await client.closed;
    } finally {
      await client.close().catch(() => {});
      await model2.close();
      await rm(home2, { recursive: true, force: true });
    }
  });
});
