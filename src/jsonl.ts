/**
 * JSONL line framing for byte streams: split anywhere (mid-line, mid-UTF-8 sequence), CRLF or LF, a final line
 * without a newline, blank lines skipped, and a hard cap on line size so a runaway line fails with a typed error
 * instead of growing memory.
 *
 * @module
 */
import { CodexLineTooLongError } from "./errors.ts";

/** Default maximum line size: 16 MiB. */
export const DEFAULT_MAX_LINE_BYTES: number = 16 * 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/** Options for {@link JsonlDecoderStream}. */
export interface JsonlDecoderOptions {
  /** Maximum bytes in one line, newline excluded. Default {@link DEFAULT_MAX_LINE_BYTES}. */
  maxLineBytes?: number;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/**
 * A `TransformStream` from UTF-8 bytes to lines. Lines are cut at byte `\n` (which never occurs inside a multi-byte
 * UTF-8 sequence), so each line decodes on its own and chunk boundaries cannot corrupt characters.
 *
 * @example
 * ```ts
 * const lines = response.body!.pipeThrough(new JsonlDecoderStream());
 * for await (const line of lines) console.log(JSON.parse(line));
 * ```
 */
export class JsonlDecoderStream extends TransformStream<Uint8Array, string> {
  /**
   * @param options Maximum line size.
   * @throws {RangeError} When `maxLineBytes` is not a positive integer.
   */
  constructor(options: JsonlDecoderOptions = {}) {
    const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!Number.isInteger(max) || max <= 0) throw new RangeError(`maxLineBytes must be a positive integer, got ${max}`);
    const decoder = new TextDecoder();
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;

    const emit = (controller: TransformStreamDefaultController<string>, tail: Uint8Array) => {
      let bytes = tail;
      if (pending.length > 0) {
        bytes = new Uint8Array(pendingBytes + tail.length);
        let offset = 0;
        for (const part of pending) {
          bytes.set(part, offset);
          offset += part.length;
        }
        bytes.set(tail, offset);
        pending = [];
        pendingBytes = 0;
      }
      let end = bytes.length;
      if (end > 0 && bytes[end - 1] === CR) end--;
      if (end > max) throw new CodexLineTooLongError(max);
      const line = decoder.decode(bytes.subarray(0, end));
      if (!isBlank(line)) controller.enqueue(line);
    };

    super({
      transform(chunk, controller) {
        let start = 0;
        for (let nl = chunk.indexOf(LF); nl !== -1; nl = chunk.indexOf(LF, start)) {
          emit(controller, chunk.subarray(start, nl));
          start = nl + 1;
        }
        if (start < chunk.length) {
          const rest = chunk.subarray(start);
          // Copy: the producer may reuse its buffer after we return.
          pending.push(rest.slice());
          pendingBytes += rest.length;
          // +1 tolerates a CR that will be stripped once the LF arrives.
          if (pendingBytes > max + 1) {
            pending = [];
            pendingBytes = 0;
            throw new CodexLineTooLongError(max);
          }
        }
      },
      flush(controller) {
        if (pendingBytes > 0) emit(controller, new Uint8Array(0));
      },
    });
  }
}

/**
 * Iterates a `ReadableStream` with a reader (portable where `ReadableStream` is not async-iterable), releasing the
 * lock when the loop exits early.
 *
 * @param stream The stream to read.
 * @returns An async iterator over its chunks.
 * @example
 * ```ts
 * for await (const line of iterateStream(channel.lines)) console.log(line);
 * ```
 */
export async function* iterateStream<T>(stream: ReadableStream<T>): AsyncGenerator<T, void, undefined> {
  const reader = stream.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
