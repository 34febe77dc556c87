// A codex host whose codex is the conformance suite's fake (a bash script playing a named behaviour), for relay
// tests that need exact, fast, deterministic output rather than a model turn.
import { chmod, mkdir, mkdtemp, readdir, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import type { LaunchSpec, OpenOptions, Transport } from "@codexkit/sdk";
import { NodeTransport } from "@codexkit/sdk/node";
import { type CodexHost, type CodexHostOptions, createCodexHost, serveCodexHost } from "@codexkit/sdk/host";
import { FAKE_CODEX } from "../conformance/fixtures.ts";
import { TOKEN } from "./helpers.ts";

/** What the next codex the host starts plays, and its limits. */
export interface FakeCase {
  mode: string;
  killGraceMs?: number;
  stderrTailBytes?: number;
}

export interface FakeHost {
  url: string;
  port: number;
  host: CodexHost;
  dir: string;
  /** Set before opening a channel: the behaviour of the next codex. */
  next: FakeCase;
  /** Every codex process the host started. */
  pids: number[];
  launches(): Promise<number>;
  close(): Promise<void>;
}

export async function startFakeHost(options: Partial<CodexHostOptions> = {}, serve: { port?: number } = {}): Promise<FakeHost> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), "codexkit-fake-host-")));
  const fake = join(dir, "fake-codex");
  // one extra behaviour: far more output than any buffer on the way holds (backpressure tests)
  await writeFile(fake, FAKE_CODEX.replace('case "$FAKE_MODE" in', `case "$FAKE_MODE" in\n  flood) seq -f 'flood-%g' 1 300000 ;;\n  sleeper-args) printf '%s\\n' "$@"; exec sleep 1000 ;;`));
  await chmod(fake, 0o755);
  const marks = join(dir, "marks");
  await mkdir(marks);
  const state: FakeHost = { next: { mode: "echo" }, pids: [] } as unknown as FakeHost;
  const inner: Transport = {
    async open(spec: LaunchSpec, openOptions?: OpenOptions) {
      const c = state.next;
      const node = new NodeTransport({
        codexPath: fake,
        killGraceMs: c.killGraceMs ?? 300,
        ...(c.stderrTailBytes ? { stderrTailBytes: c.stderrTailBytes } : {}),
      });
      const env = { PATH: process.env.PATH ?? "", FAKE_MODE: c.mode, FAKE_MARKS: marks };
      const channel = await node.open({ ...spec, options: { ...spec.options, env } }, openOptions);
      state.pids.push(channel.pid!);
      return channel;
    },
  };
  const host = await createCodexHost({
    auth: { tokens: [TOKEN] },
    roots: [dir],
    ...options,
    transport: inner,
    limits: { maxSessionsPerPrincipal: 64, ...options.limits },
  });
  const server = await serveCodexHost(host, serve);
  return Object.assign(state, {
    url: server.url,
    port: server.port,
    host,
    dir,
    launches: async () => (await readdir(marks)).length,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  });
}
