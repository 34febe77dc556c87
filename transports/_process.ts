/**
 * What every local process transport (Node, Deno, Bun) shares, written once: resolve codex (and the tools directory
 * of its npm package, put first on its `PATH`), materialise the output schema, build argv + env, start codex in its
 * own process group, stop the whole group (SIGTERM, then SIGKILL after a grace period), kill groups still alive when
 * the host exits, and wrap it all into a Channel through `createProcessChannel`. A runtime supplies only a
 * {@link ProcessHost}: how to spawn, signal a group, and so on.
 *
 * @module
 */
import { createProcessChannel } from "../src/channel.ts";
import { CodexAbortError, CodexTransportError, isCodexTransportError } from "../src/errors.ts";
import { buildExecCommand, type ExecCommand } from "../src/exec/command.ts";
import type { Usage } from "../src/thread/events.ts";
import type { LaunchOptions } from "../src/options.ts";
import type { Channel, LaunchSpec, OpenOptions, Transport } from "../src/transport.ts";
import { locateCodex } from "./_codex-binary.ts";
import { assertCodexSupports } from "./_codex-version.ts";
import { writeLaunchFiles } from "./_launch-files.ts";
import { findLatestRolloutThread, readRolloutUsage } from "./_sessions.ts";

/** The signals a transport sends to a process group. */
export type GroupSignal = "SIGTERM" | "SIGKILL";

/** How a process ended: an exit code, or the signal that killed it (then `exitCode` is `null`). */
export interface ProcessExit {
  /** The exit code; `null` when a signal ended the process. */
  exitCode: number | null;
  /** The signal's name, e.g. `"SIGKILL"`, or `null`. */
  signal: string | null;
}

/** A started OS process, as a runtime hands it over. */
export interface SpawnedProcess {
  /** The process id; also its process group id. */
  pid: number;
  /** stdout bytes. */
  stdout: ReadableStream<Uint8Array>;
  /** stderr bytes. */
  stderr: ReadableStream<Uint8Array>;
  /** Writes to stdin; resolves once the runtime accepted the bytes. */
  writeStdin(bytes: Uint8Array): Promise<void>;
  /** Ends stdin. */
  closeStdin(): Promise<void>;
  /** Resolves once the process has exited and was reaped. */
  exit: Promise<ProcessExit>;
}

/** The runtime-specific half of a process transport. */
export interface ProcessHost {
  /** The runtime's name, for error messages. */
  readonly runtime: string;
  /** The environment codex inherits by default. */
  env(): Record<string, string | undefined>;
  /**
   * Starts a process as the leader of a new process group (so its pid is the group id).
   *
   * @throws When the program cannot be started.
   */
  spawn(command: ExecCommand): Promise<SpawnedProcess>;
  /** Sends `signal` to every process of group `pid`; `false` when the group is gone. */
  signalGroup(pid: number, signal: GroupSignal): boolean;
  /** Runs `hook` synchronously when the host process exits. */
  onHostExit(hook: () => void): void;
  /** Writes `contents` to a new private temporary file. */
  writeTempFile(name: string, contents: string | Uint8Array): Promise<{ path: string; cleanup: () => Promise<void> }>;
}

/** Options shared by the Node, Deno and Bun transports. */
export interface ProcessTransportOptions {
  /**
   * The codex binary; resolved automatically when absent (see `resolveCodexBinary`). Only a binary resolved from the
   * `@openai/codex` package gets the package's tools directory (`rg`) first on its `PATH`.
   */
  codexPath?: string;
  /** Environment inherited by codex when the launch options carry no `env`. Default: the host's environment. */
  baseEnv?: Record<string, string | undefined>;
  /** Time between SIGTERM and SIGKILL when stopping codex. Default 2000 ms. */
  killGraceMs?: number;
  /** Maximum stdout line size. Default 16 MiB. */
  maxLineBytes?: number;
  /** Size of the kept stderr tail. Default 64 KiB. */
  stderrTailBytes?: number;
}

// Process groups that may still have members; killed when the host exits, so no codex outlives its parent.
const liveGroups = new Set<number>();
const hostsWithExitHook = new WeakSet<ProcessHost>();

function installExitHook(host: ProcessHost): void {
  if (hostsWithExitHook.has(host)) return;
  hostsWithExitHook.add(host);
  host.onHostExit(() => {
    for (const pid of liveGroups) host.signalGroup(pid, "SIGKILL");
  });
}

const transportError = (what: string, cause: unknown) =>
  isCodexTransportError(cause)
    ? cause
    : new CodexTransportError(`${what}: ${(cause as Error)?.message ?? cause}`, { cause });

/**
 * A {@link Transport} that runs codex as a local process through a {@link ProcessHost}. `NodeTransport`,
 * `DenoTransport` and `BunTransport` are this class with their runtime's host.
 *
 * @example
 * ```ts
 * const transport = new ProcessTransport(myHost, { killGraceMs: 500 });
 * const channel = await transport.open({ mode: "exec", options: {} });
 * ```
 */
export class ProcessTransport implements Transport {
  readonly #host: ProcessHost;
  readonly #options: ProcessTransportOptions;

  /**
   * Creates a process transport over a runtime's process primitives.
   * @param host The runtime's process primitives.
   * @param options Binary path, environment and limits.
   */
  constructor(host: ProcessHost, options: ProcessTransportOptions = {}) {
    this.#host = host;
    this.#options = options;
  }

  /**
   * Starts codex for `spec` in its own process group.
   *
   * @param spec What to run.
   * @param options Cancellation: aborting kills the process group.
   * @returns The channel.
   * @throws {CodexNotFoundError} When no codex binary can be found.
   * @throws {CodexAbortError} When `signal` is already aborted.
   * @throws {CodexVersionError} When the binary is too old for an option of the spec.
   * @throws {CodexTransportError} When the process cannot be started.
   */
  async open(spec: LaunchSpec, options: OpenOptions = {}): Promise<Channel> {
    const { signal } = options;
    if (signal?.aborted) {
      throw new CodexAbortError("Cannot start codex: the signal was aborted", { cause: signal.reason });
    }
    const { path: codexPath, pathDirs, windows } = locateCodex({
      override: spec.options.codexPathOverride ?? this.#options.codexPath,
    });
    await assertCodexSupports(this.#host, codexPath, spec);
    const files = await writeLaunchFiles(this.#host, spec);
    if (signal?.aborted) {
      // aborted while the files were written: nothing started yet, so refuse rather than start and kill
      await files.cleanup();
      throw new CodexAbortError("Cannot start codex: the signal was aborted", { cause: signal.reason });
    }
    let child: SpawnedProcess;
    try {
      const cmd = buildExecCommand(spec, {
        codexPath,
        baseEnv: this.#options.baseEnv ?? this.#host.env(),
        pathDirs,
        windows,
        ...files.paths,
      });
      child = await this.#host.spawn(cmd);
    } catch (cause) {
      await files.cleanup();
      throw new CodexTransportError(
        `Cannot start codex at ${codexPath} on ${this.#host.runtime}: ${(cause as Error)?.message ?? cause}`,
        { cause },
      );
    }
    return this.#channel(child, files.cleanup, signal);
  }

  /**
   * Reads the thread's recorded token total from its session rollout under CODEX_HOME.
   *
   * @param threadId The thread id.
   * @param options Launch options (`codexHome`, `env`).
   * @returns The total, or `null` when there is no rollout.
   */
  readThreadUsage(threadId: string, options: LaunchOptions): Promise<Usage | null> {
    return readRolloutUsage(options, threadId, this.#options.baseEnv ?? this.#host.env());
  }

  /**
   * Finds the most recently updated recorded thread under CODEX_HOME (what `resume --last` continues).
   *
   * @param options Launch options (`codexHome`, `env`).
   * @returns Its id, or `null` when there is none.
   */
  findLatestThread(options: LaunchOptions): Promise<string | null> {
    return findLatestRolloutThread(options, this.#options.baseEnv ?? this.#host.env());
  }

  #channel(child: SpawnedProcess, cleanup: (() => Promise<void>) | undefined, signal?: AbortSignal): Channel {
    const host = this.#host;
    const { pid } = child;
    installExitHook(host);
    liveGroups.add(pid);
    let exited = false;
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const exit = child.exit.then(async (status) => {
      exited = true;
      if (!killTimer) liveGroups.delete(pid);
      await cleanup?.().catch(() => {}); // the schema and image files are gone before the channel reports the exit
      return status;
    });
    const kill = () => {
      if (killTimer) return;
      host.signalGroup(pid, "SIGTERM");
      // Escalate for the whole group even after the leader exits: a grandchild may ignore SIGTERM.
      killTimer = setTimeout(() => {
        host.signalGroup(pid, "SIGKILL");
        liveGroups.delete(pid);
      }, this.#options.killGraceMs ?? 2000);
      // Deno types the timer as a number, Node as an object with unref(): a pending escalation must not keep the
      // host alive (the exit hook kills leftover groups anyway).
      (killTimer as { unref?: () => void }).unref?.();
    };
    const onAbort = () => kill();
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) kill(); // aborted while the process was starting: the listener never fires
    void exit.then(() => signal?.removeEventListener("abort", onAbort));
    // Every runtime reports a write to a dead process differently (EPIPE, BrokenPipe, or silently dropped bytes):
    // settle every write against the exit so the channel behaves the same everywhere. Writes still in flight are
    // rejected from one exit reaction — not by racing each write against `exit`, which would leave one reaction per
    // write on that promise for the whole life of a long-lived app-server.
    const inFlight = new Set<(err: Error) => void>();
    void exit.then(() => {
      for (const reject of inFlight) reject(new CodexTransportError("Cannot write: codex has exited"));
      inFlight.clear();
    });
    return createProcessChannel({
      pid,
      stdout: child.stdout,
      stderr: child.stderr,
      writeStdin: (bytes) => {
        if (exited) return Promise.reject(new CodexTransportError("Cannot write: codex has exited"));
        return new Promise<void>((resolve, reject) => {
          inFlight.add(reject);
          child.writeStdin(bytes).then(resolve, (cause) => reject(transportError("Cannot write to codex", cause)))
            .finally(() => inFlight.delete(reject));
        });
      },
      closeStdin: () => Promise.race([child.closeStdin().catch(() => {}), exit.then(() => {})]),
      kill,
      exit,
    }, {
      ...(this.#options.maxLineBytes ? { maxLineBytes: this.#options.maxLineBytes } : {}),
      ...(this.#options.stderrTailBytes ? { stderrTailBytes: this.#options.stderrTailBytes } : {}),
    });
  }
}
