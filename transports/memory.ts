/**
 * An in-memory {@link Transport} for tests: a script plays codex, so code built on the SDK can be tested without a
 * binary ("swapping transports in tests"). Output goes through the same line framing as real processes.
 *
 * @example
 * ```ts
 * import { Codex } from "@codexkit/sdk";
 * import { MemoryTransport } from "@codexkit/sdk/memory";
 *
 * const transport = MemoryTransport.fromLines([
 *   { type: "thread.started", thread_id: "t1" },
 *   { type: "turn.started" },
 *   { type: "item.completed", item: { id: "i0", type: "agent_message", text: "hi" } },
 *   { type: "turn.completed", usage: { input_tokens: 1, cached_input_tokens: 0, output_tokens: 1 } }, // as codex prints it
 * ]);
 * const turn = await new Codex({ transport }).startThread().run("hello");
 * ```
 *
 * @module
 */
import { createProcessChannel } from "../src/channel.ts";
import { CodexAbortError, CodexTransportError } from "../src/errors.ts";
import type { ThreadEvent } from "../src/thread/events.ts";
import type { Channel, LaunchSpec, OpenOptions, Transport } from "../src/transport.ts";

/**
 * One line a script writes: text as is, or a value to JSON-encode — the SDK's own {@link ThreadEvent}s (so fake
 * events can be type-checked), or any JSON object (codex's output as it prints it, JSON-RPC messages).
 */
export type MemoryLine = string | ThreadEvent | Readonly<Record<string, unknown>>;

/** The scripted process a {@link MemoryScript} drives. */
export interface MemoryProcess {
  /** What the SDK asked to launch. */
  readonly spec: LaunchSpec;
  /** Aborted when the SDK kills the process. */
  readonly killed: AbortSignal;
  /** Everything written to stdin so far. */
  readonly stdinText: () => string;
  /** Resolves with all of stdin once the SDK closes it. */
  readonly stdinClosed: Promise<string>;
  /** stdin as lines, as they arrive (a linked peer: answer each line as a JSON-RPC server would). */
  stdinLines(): AsyncGenerator<string, void, undefined>;
  /** Writes a line to stdout (objects are JSON-encoded; a newline is added). */
  line(value: MemoryLine): void;
  /** Writes raw bytes or text to stdout, unframed (to test chunking). */
  stdout(chunk: string | Uint8Array): void;
  /** Writes to stderr. */
  stderr(chunk: string | Uint8Array): void;
  /** Ends the process with an exit code (default 0) or a signal. Idempotent. */
  exit(code?: number | null, signal?: string | null): void;
}

/** Plays one process. When it returns without calling `exit`, the process exits 0. */
export type MemoryScript = (process: MemoryProcess) => void | Promise<void>;

/** Options of {@link MemoryTransport}. */
export interface MemoryTransportOptions {
  /** Maximum stdout line size. */
  maxLineBytes?: number;
  /** Size of the kept stderr tail. Default 64 KiB. */
  stderrTailBytes?: number;
}

const encoder = new TextEncoder();
const toBytes = (chunk: string | Uint8Array) => (typeof chunk === "string" ? encoder.encode(chunk) : chunk);

// The reader may cancel a stream (a consumer breaking out of its loop) while the script still writes: like a
// closed pipe, later writes are dropped.
function safely(action: () => void): void {
  try {
    action();
  } catch {
    // stream already closed or cancelled
  }
}

/**
 * A transport whose "codex" is a script.
 *
 * @example
 * ```ts
 * const transport = new MemoryTransport(async (p) => {
 *   const prompt = await p.stdinClosed;
 *   p.line({ type: "thread.started", thread_id: "t" });
 *   p.exit(1);
 * });
 * ```
 */
export class MemoryTransport implements Transport {
  /** Every spec opened, in order. */
  readonly launches: LaunchSpec[] = [];
  readonly #script: MemoryScript;
  readonly #options: MemoryTransportOptions;

  /**
   * Creates an in-memory transport that plays a script.
   * @param script Plays each opened process.
   * @param options Line limit.
   */
  constructor(script: MemoryScript, options: MemoryTransportOptions = {}) {
    this.#script = script;
    this.#options = options;
  }

  /**
   * A transport that prints the same lines for every launch, then exits.
   *
   * @param lines Lines (objects are JSON-encoded).
   * @param options Exit code and stderr text.
   * @returns The transport.
   * @example
   * ```ts
   * MemoryTransport.fromLines(['{"type":"turn.started"}'], { exitCode: 1, stderr: "boom" });
   * ```
   */
  static fromLines(
    lines: readonly MemoryLine[],
    options: { exitCode?: number; stderr?: string } = {},
  ): MemoryTransport {
    return new MemoryTransport(async (p) => {
      await p.stdinClosed;
      for (const l of lines) p.line(l);
      if (options.stderr) p.stderr(options.stderr);
      p.exit(options.exitCode ?? 0);
    });
  }

  /**
   * Starts the script for `spec`.
   *
   * @param spec What the SDK launches.
   * @param options Cancellation.
   * @returns The channel.
   * @throws {CodexAbortError} When `signal` is already aborted.
   */
  // deno-lint-ignore require-await
  async open(spec: LaunchSpec, options: OpenOptions = {}): Promise<Channel> {
    if (options.signal?.aborted) throw new CodexAbortError("Cannot start codex: the signal was aborted");
    this.launches.push(spec);
    let out!: ReadableStreamDefaultController<Uint8Array>;
    let err!: ReadableStreamDefaultController<Uint8Array>;
    const stdout = new ReadableStream<Uint8Array>({ start: (c) => void (out = c) });
    const stderr = new ReadableStream<Uint8Array>({ start: (c) => void (err = c) });
    const killer = new AbortController();
    let done = false;
    let resolveExit!: (s: { exitCode: number | null; signal: string | null }) => void;
    const exit = new Promise<{ exitCode: number | null; signal: string | null }>((r) => (resolveExit = r));
    let stdinText = "";
    let stdinConsumed = 0;
    let wake: (() => void) | null = null;
    let stdinEnded = false;
    let closeStdin!: (text: string) => void;
    const stdinClosed = new Promise<string>((r) => (closeStdin = r));
    const finish = (code: number | null, signal: string | null) => {
      if (done) return;
      done = true;
      safely(() => out.close());
      safely(() => err.close());
      closeStdin(stdinText);
      stdinEnded = true;
      wake?.();
      resolveExit({ exitCode: code, signal });
    };
    const proc: MemoryProcess = {
      spec,
      killed: killer.signal,
      stdinText: () => stdinText,
      stdinClosed,
      async *stdinLines() {
        while (true) {
          const nl = stdinText.indexOf("\n", stdinConsumed);
          if (nl !== -1) {
            const line = stdinText.slice(stdinConsumed, nl);
            stdinConsumed = nl + 1;
            yield line;
            continue;
          }
          if (stdinEnded) {
            if (stdinConsumed < stdinText.length) yield stdinText.slice(stdinConsumed);
            stdinConsumed = stdinText.length;
            return;
          }
          await new Promise<void>((r) => (wake = r));
          wake = null;
        }
      },
      line: (value) =>
        !done && safely(() => out.enqueue(toBytes((typeof value === "string" ? value : JSON.stringify(value)) + "\n"))),
      stdout: (chunk) => !done && safely(() => out.enqueue(toBytes(chunk))),
      stderr: (chunk) => !done && safely(() => err.enqueue(toBytes(chunk))),
      exit: (code = 0, signal = null) => finish(code, signal),
    };
    const kill = () => {
      if (done) return;
      killer.abort();
      finish(null, "SIGTERM");
    };
    options.signal?.addEventListener("abort", kill, { once: true });
    void Promise.resolve()
      .then(() => this.#script(proc))
      .then(() => finish(0, null), (e: unknown) => {
        proc.stderr(`memory script failed: ${(e as Error)?.message ?? e}\n`);
        finish(1, null);
      });
    let stdinOpen = true;
    return createProcessChannel({
      stdout,
      stderr,
      writeStdin: (bytes) => {
        if (done || !stdinOpen) return Promise.reject(new CodexTransportError("Cannot write: the process has exited"));
        stdinText += new TextDecoder().decode(bytes);
        wake?.();
        return Promise.resolve();
      },
      closeStdin: () => {
        stdinOpen = false;
        stdinEnded = true;
        closeStdin(stdinText);
        wake?.();
        return Promise.resolve();
      },
      kill,
      exit,
    }, {
      ...(this.#options.maxLineBytes ? { maxLineBytes: this.#options.maxLineBytes } : {}),
      ...(this.#options.stderrTailBytes ? { stderrTailBytes: this.#options.stderrTailBytes } : {}),
    });
  }
}
