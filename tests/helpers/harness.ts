// Shared set-up for end-to-end tests: a fresh CODEX_HOME and work directory per test, a scripted model on
// 127.0.0.1, and a Codex pointed at both through the real codex binary.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Codex, type Channel, type CodexOptions, type LaunchSpec, NodeTransport, type OpenOptions } from "@codexkit/sdk/node";
import { type ScriptedModelServer, type ScriptStep, startScriptedModel } from "@codexkit/sdk/testing";

/** A NodeTransport that remembers every channel it opened, so tests can check the processes are gone. */
export class RecordingTransport extends NodeTransport {
  readonly channels: Channel[] = [];
  readonly specs: LaunchSpec[] = [];
  override async open(spec: LaunchSpec, options?: OpenOptions): Promise<Channel> {
    this.specs.push(spec);
    const channel = await super.open(spec, options);
    this.channels.push(channel);
    return channel;
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
  options: CodexOptions & { retries?: number } = {},
): Promise<Harness> {
  const codexHome = await mkdtemp(join(tmpdir(), "codexkit-home-"));
  const workDir = await mkdtemp(join(tmpdir(), "codexkit-work-"));
  const { retries, ...codexOptions } = options;
  const server = await startScriptedModel(steps, retries !== undefined ? { retries } : {});
  const transport = new RecordingTransport({ killGraceMs: 500 });
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

/** Whether a process id is still alive (a reaped process is not). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The text of every user message codex sent in a request body. */
export function userTexts(body: { input?: Array<Record<string, any>> }): string[] {
  return (body.input ?? [])
    .filter((i) => i.type === "message" && i.role === "user")
    .flatMap((i) => (i.content ?? []).filter((c: any) => c.type === "input_text").map((c: any) => c.text as string));
}
