// Shared set-up for end-to-end tests: a fresh CODEX_HOME and work directory per test, a scripted model on
// 127.0.0.1 (served by the runtime's own HTTP server), and a Codex pointed at both through the real codex binary,
// spawned by the runtime's native transport (Node, Deno or Bun: whichever runs the tests).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Channel,
  Codex,
  type CodexOptions,
  type LaunchOptions,
  type LaunchSpec,
  type OpenOptions,
  type Transport,
  type Usage,
} from "@codexkit/sdk";
import {
  type ResponsesRequestBody,
  type ScriptedModelServer,
  type ScriptStep,
  startScriptedModel,
  userTexts as userTextsOf,
} from "@codexkit/sdk/testing";
import { nativeTransport } from "./runtime.ts";

export { isAlive } from "./process-state.ts";

/** Wraps a transport and remembers every channel it opened, so tests can check the processes are gone. */
export class RecordingTransport implements Transport {
  readonly channels: Channel[] = [];
  readonly specs: LaunchSpec[] = [];
  readonly inner: Transport;
  constructor(inner: Transport) {
    this.inner = inner;
  }
  async open(spec: LaunchSpec, options?: OpenOptions): Promise<Channel> {
    this.specs.push(spec);
    const channel = await this.inner.open(spec, options);
    this.channels.push(channel);
    return channel;
  }
  readThreadUsage(threadId: string, options: LaunchOptions): Promise<Usage | null> {
    return this.inner.readThreadUsage?.(threadId, options) ?? Promise.resolve(null);
  }
  findLatestThread(options: LaunchOptions): Promise<string | null> {
    return this.inner.findLatestThread?.(options) ?? Promise.resolve(null);
  }
}

export interface Harness {
  codex: Codex;
  server: ScriptedModelServer;
  transport: RecordingTransport;
  codexHome: string;
  workDir: string;
  dispose(): Promise<void>;
}

export async function harness(
  steps: ScriptStep[],
  options: CodexOptions & { retries?: number; server?: ScriptedModelServer; wrap?: (t: Transport) => Transport } = {},
): Promise<Harness> {
  const codexHome = await mkdtemp(join(tmpdir(), "codexkit-home-"));
  const workDir = await mkdtemp(join(tmpdir(), "codexkit-work-"));
  const { retries, server: given, wrap, ...codexOptions } = options;
  const server = given ?? await startScriptedModel(steps, retries !== undefined ? { retries } : {});
  const native = await nativeTransport({ killGraceMs: 500 });
  const transport = new RecordingTransport(wrap ? wrap(native) : native);
  const codex = new Codex({ config: server.config, codexHome, transport, ...codexOptions });
  return {
    codex,
    server,
    transport,
    codexHome,
    workDir,
    async dispose() {
      for (const c of transport.channels) c.kill();
      await Promise.all(transport.channels.map((c) => c.exited));
      await server.close();
      await rm(codexHome, { recursive: true, force: true });
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** The text of every user message codex sent in a request body (`userTexts` of `@codexkit/sdk/testing`). */
export function userTexts(body: ResponsesRequestBody | null): string[] {
  return userTextsOf({ method: "POST", path: "/v1/responses", headers: {}, body });
}
