/**
 * The seam between the SDK and a running codex: a {@link Transport} opens a {@link Channel} for a
 * {@link LaunchSpec}. Local transports spawn a child process; the memory transport scripts one; a remote transport
 * relays to a codex host. Everything above this file is the same for all of them.
 *
 * @module
 */
import type { ExitStatus } from "./errors.ts";
import type { LaunchOptions } from "./options.ts";
import type { Usage } from "./thread/events.ts";
import type { ImageMediaType } from "./thread/input.ts";

export type { ExitStatus } from "./errors.ts";

/** An encoded image (PNG, JPEG, GIF or WebP) and its media type. */
export interface ImageBytes {
  /** `image/png`, `image/jpeg`, `image/gif` or `image/webp`. */
  mediaType: ImageMediaType;
  /** The encoded bytes. */
  data: Uint8Array;
}

/**
 * Run `codex exec --json` for one turn.
 */
export interface ExecLaunchSpec {
  /** Which codex protocol to run. */
  mode: "exec";
  /** Codex and thread options, already validated and merged. */
  options: LaunchOptions;
  /** Resume this thread id, or the newest recorded session with `{ last: true }`. */
  resume?: string | { last: true };
  /** Local image paths attached to the prompt (`--image`). */
  images?: string[];
  /**
   * Images given as bytes, attached after `images`: a process transport writes each to a private temporary file
   * (removed when the process exits) and passes it as `--image`; the websocket transport uploads them to the host.
   */
  imageBytes?: ImageBytes[];
  /** JSON Schema for the final response; the transport materialises it as the `--output-schema` file. */
  outputSchema?: Record<string, unknown>;
}

/**
 * Run a long-lived `codex app-server` (JSON-RPC over JSONL).
 */
export interface AppServerLaunchSpec {
  /** Which codex protocol to run. */
  mode: "app-server";
  /** Codex options, already validated. */
  options: LaunchOptions;
}

/** What to run, as data: one pure function ({@link buildExecCommand}) turns it into argv + env. */
export type LaunchSpec = ExecLaunchSpec | AppServerLaunchSpec;

/**
 * One running codex: lines in, lines out, and how it ended.
 */
export interface Channel {
  /** The OS process id, for process transports (absent for in-memory and remote channels). */
  readonly pid?: number;
  /** stdout framed as lines (no newline, CRLF-stripped, blank lines skipped); errors on an over-long line. */
  readonly lines: ReadableStream<string>;
  /**
   * Optional: the same lines as `lines`, in batches (all complete lines of one read), for consumers that handle many
   * lines per read. Two views of one stream: read one of them, not both. Process channels offer it.
   */
  readonly lineBatches?: ReadableStream<string[]>;
  /** Resolves once the process has exited and its output was drained; never rejects. */
  readonly exited: Promise<ExitStatus>;
  /** Writes text to stdin. Rejects with a transport error when stdin is closed or the process is gone. */
  write(text: string): Promise<void>;
  /** Closes stdin (codex exec reads its prompt until EOF). Idempotent. */
  closeStdin(): Promise<void>;
  /** Stops the process (SIGTERM, then SIGKILL after a grace period for process transports). Idempotent. */
  kill(): void;
  /** The bounded tail of what the process wrote to stderr so far. */
  stderrTail(): string;
}

/** Options for {@link Transport.open}. */
export interface OpenOptions {
  /** Aborting before the process started rejects `open`; afterwards it kills the running codex. */
  signal?: AbortSignal;
}

/**
 * Opens channels to codex. This is the whole seam: implement `open` and every SDK feature works over it.
 *
 * @example
 * ```ts
 * const channel = await transport.open({ mode: "exec", options: {} });
 * ```
 */
export interface Transport {
  /**
   * Starts codex as described by `spec`.
   *
   * @param spec What to run.
   * @param options Cancellation.
   * @returns The running channel.
   */
  open(spec: LaunchSpec, options?: OpenOptions): Promise<Channel>;

  /**
   * Optional: the running token total codex recorded for a thread (its session rollout). Lets a resumed thread
   * report per-turn usage from its first turn; without it such a turn's `usage` is `null`.
   *
   * @param threadId The thread.
   * @param options The launch options (for `codexHome` / `env`).
   * @returns The recorded total, or `null` when unknown.
   */
  readThreadUsage?(threadId: string, options: LaunchOptions): Promise<Usage | null>;

  /**
   * Optional: the id of the most recently updated recorded thread (the one `codex exec resume --last` continues),
   * so `codex.resumeLastThread()` knows its id before its first turn and resumes by id. Without it, that thread's
   * `id` stays `null` until codex reports it.
   *
   * @param options The launch options (for `codexHome` / `env`).
   * @returns The thread id, or `null` when there is no recorded session.
   */
  findLatestThread?(options: LaunchOptions): Promise<string | null>;
}
