/**
 * Builds a {@link Channel} from a process's raw pieces (stdout/stderr byte streams, stdin writer, kill, exit).
 * Every process-like transport (Node, Deno, Bun, memory) goes through this one function, so line framing, the
 * stderr tail and exit bookkeeping behave identically everywhere.
 *
 * @module
 */
import type { Channel } from "./transport.ts";
import { CodexTransportError, type ExitStatus } from "./errors.ts";
import { decodeLineBatches, flattenLineBatches } from "./jsonl.ts";

/** How long `exited` waits for stderr to close after the process exited. */
const STDERR_DRAIN_MS = 1000;

/** Default size of the stderr tail kept per process: 64 KiB. */
export const DEFAULT_STDERR_TAIL_BYTES: number = 64 * 1024;

/** The runtime-specific parts of a process, as {@link createProcessChannel} needs them. */
export interface ProcessParts {
  /** The OS process id, when there is one. */
  pid?: number;
  /** The process's stdout. */
  stdout: ReadableStream<Uint8Array>;
  /** The process's stderr, if captured. */
  stderr?: ReadableStream<Uint8Array>;
  /** Writes bytes to stdin. */
  writeStdin(bytes: Uint8Array): Promise<void>;
  /** Closes stdin. */
  closeStdin(): Promise<void>;
  /** Stops the process (and escalates as the runtime sees fit). */
  kill(): void;
  /** Resolves when the process has exited. */
  exit: Promise<{ exitCode: number | null; signal: string | null }>;
}

/** Options for {@link createProcessChannel}. */
export interface ProcessChannelOptions {
  /** Maximum line size on stdout, in bytes. */
  maxLineBytes?: number;
  /** How much stderr to keep, in bytes. Default {@link DEFAULT_STDERR_TAIL_BYTES}. */
  stderrTailBytes?: number;
}

/** Keeps the last `limit` bytes written to it. */
export class TailBuffer {
  #chunks: Uint8Array[] = [];
  #bytes = 0;
  readonly #limit: number;

  /**
   * Creates a buffer that keeps the last `limit` bytes.
   * @param limit Bytes to keep.
   */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /**
   * Appends bytes to the buffer.
   * @param chunk Bytes to append; older bytes beyond the limit are dropped.
   */
  push(chunk: Uint8Array): void {
    if (chunk.length >= this.#limit) {
      this.#chunks = [chunk.slice(chunk.length - this.#limit)];
      this.#bytes = this.#limit;
      return;
    }
    this.#chunks.push(chunk.slice());
    this.#bytes += chunk.length;
    while (this.#bytes - (this.#chunks[0]?.length ?? 0) >= this.#limit) {
      this.#bytes -= this.#chunks.shift()!.length;
    }
  }

  /**
   * Decodes the kept bytes.
   * @returns The kept bytes decoded as UTF-8 (a split leading character becomes U+FFFD).
   */
  text(): string {
    const all = new Uint8Array(this.#bytes);
    let offset = 0;
    for (const c of this.#chunks) {
      all.set(c, offset);
      offset += c.length;
    }
    const start = Math.max(0, all.length - this.#limit);
    return new TextDecoder().decode(all.subarray(start));
  }
}

/**
 * Wraps raw process parts into a {@link Channel}.
 *
 * @param parts The process's streams and controls.
 * @param options Line and stderr limits.
 * @returns A channel whose `exited` resolves after exit and after stderr is drained.
 * @example
 * ```ts
 * const channel = createProcessChannel({ stdout, stderr, writeStdin, closeStdin, kill, exit });
 * ```
 */
export function createProcessChannel(parts: ProcessParts, options: ProcessChannelOptions = {}): Channel {
  const tail = new TailBuffer(options.stderrTailBytes ?? DEFAULT_STDERR_TAIL_BYTES);
  const encoder = new TextEncoder();
  let stdinClosed = false;

  const stderrDrained = parts.stderr
    ? (async () => {
      const reader = parts.stderr!.getReader();
      try {
        while (true) {
          const { done, value } = await reader.read();
          if (done) return;
          tail.push(value);
        }
      } catch {
        // A torn stderr pipe is not worth failing the channel over; the tail keeps what arrived.
      }
    })()
    : Promise.resolve();

  const exited: Promise<ExitStatus> = parts.exit.then(async (status) => {
    // A grandchild that inherited stderr may outlive codex: wait for the tail a little, never forever.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([stderrDrained, new Promise<void>((resolve) => (timer = setTimeout(resolve, STDERR_DRAIN_MS)))]);
    clearTimeout(timer);
    return { exitCode: status.exitCode, signal: status.signal, stderrTail: tail.text() };
  });

  const lineBatches = decodeLineBatches(parts.stdout, { maxLineBytes: options.maxLineBytes });
  let lines: ReadableStream<string> | undefined;
  return {
    ...(parts.pid !== undefined ? { pid: parts.pid } : {}),
    // one stdout, two views: the line view is made on first use and then holds the batches' lock
    get lines() {
      return (lines ??= flattenLineBatches(lineBatches));
    },
    lineBatches,
    exited,
    async write(text: string) {
      if (stdinClosed) throw new CodexTransportError("Cannot write: stdin is closed");
      await parts.writeStdin(encoder.encode(text));
    },
    async closeStdin() {
      if (stdinClosed) return;
      stdinClosed = true;
      await parts.closeStdin();
    },
    kill: () => parts.kill(),
    stderrTail: () => tail.text(),
  };
}
