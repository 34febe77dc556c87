// A codex host on 127.0.0.1 for tests: a scripted model, a CODEX_HOME whose config.toml points codex at it (the
// host's own config chooses the provider; clients cannot), a root directory for working directories, a transport
// that records every codex it starts (so refusals can assert "nothing spawned"), captured JSON logs, and clients
// built with the runtime's WebSocket (the `ws` package on Node 20).
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flattenConfig, type Transport } from "@codexkit/sdk";
import { type CodexHost, type CodexHostOptions, createCodexHost, type HostLogEntry, serveCodexHost } from "@codexkit/sdk/host";
import { type ScriptedModelServer, type ScriptStep, startScriptedModel } from "@codexkit/sdk/testing";
import { type WebSocketConstructor, websocketTransport, type WebSocketTransportOptions } from "@codexkit/sdk/websocket";
import WebSocket from "ws";
import { RecordingTransport } from "../helpers/harness.ts";
import { nativeTransport } from "../helpers/runtime.ts";

export const TOKEN = "test-token-0123456789abcdef";

const base64Url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

/** An HS256 JWT, as the user's own identity service would issue one. */
export async function hs256Jwt(claims: Record<string, unknown>, secret: string): Promise<string> {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  const body = `${base64Url(utf8(JSON.stringify({ alg: "HS256", typ: "JWT" })))}.${base64Url(utf8(JSON.stringify(claims)))}`;
  const key = await crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return `${body}.${base64Url(new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(body))))}`;
}

/** The WebSocket constructor clients use: the global one where there is one, else `ws`. */
export const ClientWebSocket: WebSocketConstructor =
  ((globalThis as { WebSocket?: unknown }).WebSocket ?? WebSocket) as unknown as WebSocketConstructor;

export interface TestHost {
  url: string;
  port: number;
  host: CodexHost;
  transport: RecordingTransport;
  root: string;
  codexHome: string;
  logs: HostLogEntry[];
  model: ScriptedModelServer;
  client(options?: Partial<WebSocketTransportOptions>): ReturnType<typeof websocketTransport>;
  close(): Promise<void>;
}

export interface TestHostOptions extends Partial<CodexHostOptions> {
  steps?: ScriptStep[];
  inner?: Transport;
}

export async function startHost(options: TestHostOptions = {}): Promise<TestHost> {
  const base = await realpath(await mkdtemp(join(tmpdir(), "codexkit-host-")));
  const root = join(base, "root");
  const codexHome = join(base, "home");
  await mkdir(root);
  await mkdir(codexHome);
  const model = await startScriptedModel(options.steps ?? []);
  await writeFile(join(codexHome, "config.toml"), flattenConfig(model.config).join("\n") + "\n");
  const transport = new RecordingTransport(options.inner ?? await nativeTransport({ killGraceMs: 500 }));
  const logs: HostLogEntry[] = [];
  const { steps: _steps, inner: _inner, ...hostOptions } = options;
  const host = await createCodexHost({
    auth: { tokens: [TOKEN] },
    roots: [root],
    codexHome: () => codexHome,
    log: (entry) => logs.push(entry),
    ...hostOptions,
    transport,
  });
  const server = await serveCodexHost(host, { hostname: "127.0.0.1", port: 0 });
  const clients: Array<ReturnType<typeof websocketTransport>> = [];
  return {
    url: server.url,
    port: server.port,
    host,
    transport,
    root,
    codexHome,
    logs,
    model,
    client(o = {}) {
      const t = websocketTransport({ url: server.url, token: TOKEN, WebSocket: ClientWebSocket, ...o });
      clients.push(t);
      return t;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await server.close();
      await Promise.all(transport.channels.map((c) => c.exited));
      await model.close();
      await rm(base, { recursive: true, force: true });
    },
  };
}
