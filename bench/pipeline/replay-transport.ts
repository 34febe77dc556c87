// A Transport whose "codex" replays recorded stdout bytes, through the same createProcessChannel every process
// transport uses — so the SDK side of the pipeline (framing, parsing, validation, the exec runner) is exactly the
// production code, minus only the OS pipe.
import { type Channel, createProcessChannel, type Transport } from "@codexkit/sdk";

/**
 * @param chunks The bytes, as a pipe would deliver them.
 * @returns A stream that hands out one chunk per pull (backpressure as with a real pipe).
 */
export function chunkStream(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < chunks.length) controller.enqueue(chunks[next++]!);
      else controller.close();
    },
  });
}

/** Replays the same recorded stdout for every `open`. */
export class ReplayTransport implements Transport {
  readonly #chunks: readonly Uint8Array[];

  /** @param chunks Recorded stdout. */
  constructor(chunks: readonly Uint8Array[]) {
    this.#chunks = chunks;
  }

  /** @returns A channel that plays the recording and exits 0. */
  open(): Promise<Channel> {
    return Promise.resolve(createProcessChannel({
      stdout: chunkStream(this.#chunks),
      writeStdin: () => Promise.resolve(),
      closeStdin: () => Promise.resolve(),
      kill: () => {},
      exit: Promise.resolve({ exitCode: 0, signal: null }),
    }));
  }
}
