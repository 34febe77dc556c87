/**
 * Node.js: a {@link Transport} on `child_process`, and `Codex` wired to it. `import { Codex } from "@codexkit/sdk"`
 * resolves here under Node, so no transport needs configuring.
 *
 * Each codex runs in its own process group: abort or `kill()` sends SIGTERM to the group (grandchildren included),
 * then SIGKILL after a grace period. Groups still alive when Node exits are killed.
 *
 * @example
 * ```ts
 * import { Codex, NodeTransport } from "@codexkit/sdk/node";
 * const codex = new Codex({ transport: new NodeTransport({ killGraceMs: 500 }) });
 * ```
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { Readable } from "node:stream";
import { createProcessChannel } from "../src/channel.ts";
import { CodexAbortError, CodexTransportError } from "../src/errors.ts";
import { buildExecCommand } from "../src/exec/command.ts";
import { Codex as CoreCodex } from "../src/exec/codex.ts";
import type { CodexOptions } from "../src/options.ts";
import type { Channel, LaunchSpec, OpenOptions, Transport } from "../src/transport.ts";
import { resolveCodexBinary } from "./_codex-binary.ts";
import { readRolloutUsage } from "./_sessions.ts";
import type { Usage } from "../src/exec/events.ts";
import type { LaunchOptions } from "../src/options.ts";

export * from "../src/mod.ts";
export { resolveCodexBinary, type ResolveCodexOptions } from "./_codex-binary.ts";

/** Options of {@link NodeTransport}. */
export interface NodeTransportOptions {
  /** The codex binary; resolved automatically when absent (see `resolveCodexBinary`). */
  codexPath?: string;
  /** Environment inherited by codex when the launch options carry no `env`. Default: `process.env`. */
  baseEnv?: Record<string, string | undefined>;
  /** Time between SIGTERM and SIGKILL when stopping codex. Default 2000 ms. */
  killGraceMs?: number;
  /** Maximum stdout line size. Default 16 MiB. */
  maxLineBytes?: number;
  /** Size of the kept stderr tail. Default 64 KiB. */
  stderrTailBytes?: number;
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the whole group is gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const pid of liveGroups) killGroup(pid, "SIGKILL");
  });
}

async function materializeSchema(schema: Record<string, unknown>): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "codexkit-schema-"));
  const path = join(dir, "output-schema.json");
  await writeFile(path, JSON.stringify(schema));
  return { path, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

function waitForSpawn(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
}

/**
 * Spawns codex with `child_process`.
 *
 * @example
 * ```ts
 * const transport = new NodeTransport();
 * const channel = await transport.open({ mode: "exec", options: { skipGitRepoCheck: true } });
 * ```
 */
export class NodeTransport implements Transport {
  readonly #options: NodeTransportOptions;

  /** @param options Binary path, environment and limits. */
  constructor(options: NodeTransportOptions = {}) {
    this.#options = options;
  }

  /**
   * Spawns codex for `spec`.
   *
   * @param spec What to run.
   * @param options Cancellation: aborting kills the process group.
   * @returns The channel.
   * @throws {CodexNotFoundError} When no codex binary can be found.
   * @throws {CodexAbortError} When `signal` is already aborted.
   * @throws {CodexTransportError} When the process cannot be started.
   */
  async open(spec: LaunchSpec, options: OpenOptions = {}): Promise<Channel> {
    const { signal } = options;
    if (signal?.aborted) throw new CodexAbortError("Cannot start codex: the signal was aborted", { cause: signal.reason });
    const codexPath = resolveCodexBinary({ override: spec.options.codexPathOverride ?? this.#options.codexPath });
    const schema = spec.mode === "exec" && spec.outputSchema ? await materializeSchema(spec.outputSchema) : null;
    let child: ChildProcess;
    try {
      const cmd = buildExecCommand(spec, {
        codexPath,
        baseEnv: this.#options.baseEnv ?? process.env,
        ...(schema ? { outputSchemaPath: schema.path } : {}),
      });
      child = spawn(cmd.command, cmd.args, { env: cmd.env, stdio: ["pipe", "pipe", "pipe"], detached: true });
      await waitForSpawn(child);
    } catch (cause) {
      await schema?.cleanup();
      throw new CodexTransportError(`Cannot start codex at ${codexPath}: ${(cause as Error).message}`, { cause });
    }
    return this.#channel(child, schema?.cleanup, signal);
  }

  /**
   * Reads the thread's recorded token total from its session rollout under CODEX_HOME.
   *
   * @param threadId The thread id.
   * @param options Launch options (`codexHome`, `env`).
   * @returns The total, or `null` when there is no rollout.
   */
  readThreadUsage(threadId: string, options: LaunchOptions): Promise<Usage | null> {
    return readRolloutUsage(options, threadId);
  }

  #channel(child: ChildProcess, cleanup: (() => Promise<void>) | undefined, signal?: AbortSignal): Channel {
    const pid = child.pid!;
    installExitHook();
    liveGroups.add(pid);
    let exited = false;
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const exit = new Promise<{ exitCode: number | null; signal: string | null }>((resolve) => {
      child.once("exit", (code, sig) => {
        exited = true;
        if (!killTimer) liveGroups.delete(pid);
        resolve({ exitCode: code, signal: sig });
      });
    });
    const kill = () => {
      if (killTimer) return;
      killGroup(pid, "SIGTERM");
      // Escalate for the whole group even after the leader exits: a grandchild may ignore SIGTERM.
      killTimer = setTimeout(() => {
        killGroup(pid, "SIGKILL");
        liveGroups.delete(pid);
      }, this.#options.killGraceMs ?? 2000);
      killTimer.unref?.();
      if (exited) liveGroups.delete(pid);
    };
    const onAbort = () => kill();
    signal?.addEventListener("abort", onAbort, { once: true });
    void exit.then(async () => {
      signal?.removeEventListener("abort", onAbort);
      await cleanup?.();
    });
    const stdin = child.stdin!;
    stdin.on("error", () => {}); // EPIPE when codex exits first; the exit status reports why
    return createProcessChannel({
      pid,
      stdout: Readable.toWeb(child.stdout!) as ReadableStream<Uint8Array>,
      stderr: Readable.toWeb(child.stderr!) as ReadableStream<Uint8Array>,
      writeStdin: (bytes) =>
        new Promise<void>((resolve, reject) => {
          if (stdin.destroyed || stdin.writableEnded) {
            reject(new CodexTransportError("Cannot write: codex's stdin is closed"));
            return;
          }
          // A pipe torn down by the child's exit may never call the write callback: settle on close too.
          const onClose = () => reject(new CodexTransportError("Cannot write: codex closed its stdin"));
          stdin.once("close", onClose);
          stdin.write(bytes, (err) => {
            stdin.off("close", onClose);
            if (err) reject(new CodexTransportError(`Cannot write to codex: ${err.message}`, { cause: err }));
            else resolve();
          });
        }),
      closeStdin: () =>
        new Promise<void>((resolve) => {
          if (stdin.destroyed || stdin.writableFinished) return resolve();
          stdin.once("close", () => resolve());
          stdin.end(() => resolve());
        }),
      kill,
      exit,
    }, {
      ...(this.#options.maxLineBytes ? { maxLineBytes: this.#options.maxLineBytes } : {}),
      ...(this.#options.stderrTailBytes ? { stderrTailBytes: this.#options.stderrTailBytes } : {}),
    });
  }
}

/**
 * `Codex` for Node: spawns the local codex binary through {@link NodeTransport} unless a `transport` is given.
 *
 * @example
 * ```ts
 * import { Codex } from "@codexkit/sdk/node";
 * const turn = await new Codex().startThread().run("Say hi");
 * ```
 */
export class Codex extends CoreCodex {
  /**
   * @param options Codex options; `maxLineBytes` applies to the default transport.
   * @returns A {@link NodeTransport}.
   */
  protected override createDefaultTransport(options: CodexOptions): Transport {
    return new NodeTransport(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {});
  }
}
