// A conformance "subject" opens a channel that plays a named behaviour: process transports spawn the fake codex
// script, the memory transport runs the matching script.
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import type { Channel, ConfigObject, ImageBytes, Transport } from "@codexkit/sdk";
import { MemoryTransport } from "@codexkit/sdk/memory";
import type { NodeTransportOptions } from "@codexkit/sdk/node";
import { FAKE_CODEX, MEMORY_SCRIPTS, type Mode } from "./fixtures.ts";

/** Behaviours only an OS process can play. */
export type ProcessMode = "args" | "schema" | "images" | "env" | "stubborn" | "family" | "stubborn-family" | "orphan-stderr";

export interface OpenCase {
  signal?: AbortSignal;
  maxLineBytes?: number;
  stderrTailBytes?: number;
  killGraceMs?: number;
  /** Launch without `env` so codex inherits the host environment (process subjects only). */
  inheritEnv?: boolean;
  /** Extra environment for the process (process subjects only). */
  env?: Record<string, string>;
  config?: ConfigObject;
  outputSchema?: Record<string, unknown>;
  imageBytes?: ImageBytes[];
  /** Launch this binary instead of the fake codex (process subjects only). */
  codexPath?: string;
}

export interface Subject {
  readonly name: string;
  /** Whether channels are OS processes (pids, argv, env, process groups, ignorable SIGTERM). */
  readonly processes: boolean;
  open(mode: Mode | ProcessMode, options?: OpenCase): Promise<Channel>;
  /** How many "codex" processes were started so far. */
  launches(): Promise<number>;
  /** Kills whatever a case left running (a failed assertion skips the case's own kill). */
  cleanup(): Promise<void>;
  dispose(): Promise<void>;
}

/** Remembers channels so `cleanup` can stop them. */
function tracker() {
  const open = new Set<Channel>();
  return {
    track(channel: Channel): Channel {
      open.add(channel);
      void channel.exited.then(() => open.delete(channel));
      return channel;
    },
    async cleanup(): Promise<void> {
      for (const channel of open) channel.kill();
      await Promise.all([...open].map((c) => c.exited));
    },
  };
}

/** A process transport playing the fake codex script. */
export function processSubject(name: string, make: (options: NodeTransportOptions) => Transport): Subject {
  const channels = tracker();
  // Resolved once; later opens reach transport.open synchronously, so an abort right after open() lands mid-start.
  let ready: { dir: string; fake: string; marks: string } | undefined;
  const setup = (async () => {
    const dir = await mkdtemp(join(tmpdir(), "codexkit-conformance-"));
    const fake = join(dir, "fake-codex");
    await writeFile(fake, FAKE_CODEX);
    await chmod(fake, 0o755);
    const marks = join(dir, "marks"); // the script leaves one file here per start
    await mkdir(marks);
    return (ready = { dir, fake, marks });
  })();
  return {
    name,
    processes: true,
    async open(mode, o = {}) {
      const { fake, marks } = ready ?? await setup;
      const transport = make({
        killGraceMs: o.killGraceMs ?? 300,
        ...(o.maxLineBytes ? { maxLineBytes: o.maxLineBytes } : {}),
        ...(o.stderrTailBytes ? { stderrTailBytes: o.stderrTailBytes } : {}),
      });
      const env = { PATH: process.env.PATH ?? "", FAKE_MODE: mode, FAKE_MARKS: marks, ...o.env };
      // The promise is returned as is (not awaited here): an abort right after open() must land mid-start.
      return transport.open({
        mode: "exec",
        options: {
          codexPathOverride: o.codexPath ?? fake,
          ...(o.inheritEnv ? {} : { env }),
          ...(o.config ? { config: o.config } : {}),
        },
        ...(o.outputSchema ? { outputSchema: o.outputSchema } : {}),
        ...(o.imageBytes ? { imageBytes: o.imageBytes } : {}),
      }, o.signal ? { signal: o.signal } : {}).then(channels.track);
    },
    launches: async () => (await readdir((await setup).marks)).length,
    cleanup: channels.cleanup,
    dispose: async () => rm((await setup).dir, { recursive: true, force: true }),
  };
}

/** The memory transport playing the same behaviours. */
export function memorySubject(): Subject {
  const channels = tracker();
  let launched = 0;
  return {
    name: "MemoryTransport",
    processes: false,
    // deno-lint-ignore require-await
    async open(mode, o = {}) {
      if (!(mode in MEMORY_SCRIPTS)) throw new Error(`memory subject cannot play ${mode}`);
      const script = MEMORY_SCRIPTS[mode as Mode];
      const transport = new MemoryTransport((p) => {
        launched++;
        return script(p);
      }, {
        ...(o.maxLineBytes ? { maxLineBytes: o.maxLineBytes } : {}),
        ...(o.stderrTailBytes ? { stderrTailBytes: o.stderrTailBytes } : {}),
      });
      return transport.open({ mode: "exec", options: {} }, o.signal ? { signal: o.signal } : {}).then(channels.track);
    },
    launches: () => Promise.resolve(launched),
    cleanup: channels.cleanup,
    dispose: () => Promise.resolve(),
  };
}
