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

function maxLineBytesOf(options: JsonlDecoderOptions): number {
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isInteger(max) || max <= 0) throw new RangeError(`maxLineBytes must be a positive integer, got ${max}`);
  return max;
}

const encoder = new TextEncoder();
const utf8Length = (s: string) => encoder.encode(s).length;

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The splitting core shared by {@link JsonlDecoderStream} and {@link decodeLines}. The complete lines of a chunk
 * are decoded with one call and split as a string, so the per-line cost is one `slice`. Decoding never streams:
 * a segment cut at `\n` holds whole characters (`\n` never occurs inside a multi-byte sequence), and engines decode
 * whole buffers several times faster than they stream (Node 20: ~8× for ASCII). A leading BOM is dropped from
 * every line, as a per-line decode would.
 */
class LineSplitter {
  readonly #max: number;
  readonly #decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;

  constructor(max: number) {
    this.#max = max;
  }

  /** Splits a chunk, calling `emit` per complete non-blank line; returns how many lines it emitted. */
  push(chunk: Uint8Array, emit: (line: string) => void): number {
    const firstLf = chunk.indexOf(LF);
    if (firstLf === -1) {
      this.#keep(chunk);
      return 0;
    }
    // the line that was pending, completed by the head of this chunk: its size is known in bytes
    let emitted = 0;
    const head = chunk.subarray(0, firstLf);
    const bytes = this.#pendingBytes + head.length;
    const first = this.#pending.length > 0 ? concat([...this.#pending, head], bytes) : head;
    this.#pending = [];
    this.#pendingBytes = 0;
    if (bytes - (first[bytes - 1] === 0x0d ? 1 : 0) > this.#max) throw new CodexLineTooLongError(this.#max);
    if (this.#emit(stripCr(this.#decoder.decode(first)), emit)) emitted++;
    // every other complete line of the chunk, decoded in one call
    const lastLf = chunk.lastIndexOf(LF);
    if (lastLf > firstLf) {
      const text = this.#decoder.decode(chunk.subarray(firstLf + 1, lastLf));
      let start = 0;
      for (let nl = text.indexOf("\n"); ; nl = text.indexOf("\n", start)) {
        const line = stripCr(nl === -1 ? text.slice(start) : text.slice(start, nl));
        // n UTF-16 units are n to 3n UTF-8 bytes: only long lines need their bytes counted
        if (line.length > this.#max || (line.length * 3 > this.#max && utf8Length(line) > this.#max)) {
          throw new CodexLineTooLongError(this.#max);
        }
        if (this.#emit(line, emit)) emitted++;
        if (nl === -1) break;
        start = nl + 1;
      }
    }
    if (lastLf + 1 < chunk.length) this.#keep(chunk.subarray(lastLf + 1));
    return emitted;
  }

  /** Emits the final line (no trailing newline); returns how many lines it emitted. */
  end(emit: (line: string) => void): number {
    if (this.#pendingBytes === 0) return 0;
    const bytes = concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    if (bytes.length - (bytes[bytes.length - 1] === 0x0d ? 1 : 0) > this.#max) throw new CodexLineTooLongError(this.#max);
    return this.#emit(stripCr(this.#decoder.decode(bytes)), emit) ? 1 : 0;
  }

  #keep(part: Uint8Array): void {
    // Copy: the producer may reuse its buffer after we return.
    this.#pending.push(part.slice());
    this.#pendingBytes += part.length;
    // +1 tolerates a CR that will be stripped once the LF arrives.
    if (this.#pendingBytes > this.#max + 1) {
      this.#pending = [];
      this.#pendingBytes = 0;
      throw new CodexLineTooLongError(this.#max);
    }
  }

  /** Emits a line (its CR already stripped) unless it is blank. */
  #emit(text: string, emit: (line: string) => void): boolean {
    const line = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (isBlank(line)) return false;
    emit(line);
    return true;
  }
}

const stripCr = (line: string) => (line.charCodeAt(line.length - 1) === 0x0d ? line.slice(0, -1) : line);

/**
 * A `TransformStream` from UTF-8 bytes to lines. Lines are cut at byte `\n` (which never occurs inside a multi-byte
 * UTF-8 sequence), so chunk boundaries cannot corrupt characters.
 *
 * @example
 * ```ts
 * const lines = response.body!.pipeThrough(new JsonlDecoderStream());
 * for await (const line of lines) console.log(JSON.parse(line));
 * ```
 */
export class JsonlDecoderStream extends TransformStream<Uint8Array, string> {
  /**
   * Creates a JSONL decoder.
   * @param options Maximum line size.
   * @throws {RangeError} When `maxLineBytes` is not a positive integer.
   */
  constructor(options: JsonlDecoderOptions = {}) {
    const splitter = new LineSplitter(maxLineBytesOf(options));
    super({
      transform(chunk, controller) {
        splitter.push(chunk, (line) => controller.enqueue(line));
      },
      flush(controller) {
        splitter.end((line) => controller.enqueue(line));
      },
    });
  }
}

/**
 * Frames a byte stream into batches of lines: all the complete lines of a source chunk in one array, read only when
 * the reader wants more. A consumer that handles many lines per read (the exec event pipeline) pays one stream read
 * per chunk instead of one per line — on Node 20 a web-stream read costs about as much as parsing a small event.
 * When a chunk holds a line over the limit, the lines before it are delivered first and the error follows.
 *
 * @param bytes The byte stream (locked by the returned stream).
 * @param options Maximum line size.
 * @returns Non-empty batches of lines, in order.
 * @throws {RangeError} When `maxLineBytes` is not a positive integer.
 * @example
 * ```ts
 * for await (const batch of iterateStream(decodeLineBatches(response.body!))) for (const line of batch) JSON.parse(line);
 * ```
 */
export function decodeLineBatches(
  bytes: ReadableStream<Uint8Array>,
  options: JsonlDecoderOptions = {},
): ReadableStream<string[]> {
  const splitter = new LineSplitter(maxLineBytesOf(options));
  const reader = bytes.getReader();
  let failure: { error: unknown } | null = null;
  return new ReadableStream<string[]>({
    async pull(controller) {
      if (failure) throw failure.error;
      const batch: string[] = [];
      const keep = (line: string) => void batch.push(line);
      try {
        // a chunk may end no line: keep reading until one is complete or the source ends
        while (true) {
          const { done, value } = await reader.read();
          if (done) {
            splitter.end(keep);
            if (batch.length > 0) controller.enqueue(batch);
            controller.close();
            return;
          }
          splitter.push(value, keep);
          if (batch.length > 0) return controller.enqueue(batch);
        }
      } catch (err) {
        await reader.cancel(err).catch(() => {});
        if (batch.length === 0) throw err;
        // erroring now would discard the lines already split from this chunk: deliver them, fail on the next read
        failure = { error: err };
        controller.enqueue(batch);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  }, { highWaterMark: 0 });
}

/**
 * The lines of a stream of line batches, one at a time.
 *
 * @param batches Batches from {@link decodeLineBatches} (locked by the returned stream).
 * @returns The lines; an error of `batches` follows the lines before it.
 * @example
 * ```ts
 * const lines = flattenLineBatches(decodeLineBatches(response.body!));
 * ```
 */
export function flattenLineBatches(batches: ReadableStream<string[]>): ReadableStream<string> {
  const reader = batches.getReader();
  return new ReadableStream<string>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      for (const line of value) controller.enqueue(line);
    },
    cancel: (reason) => reader.cancel(reason),
  }, { highWaterMark: 0 });
}

/**
 * Frames a byte stream into a stream of lines, like {@link JsonlDecoderStream}, but pulled: a source chunk is read
 * only when the reader wants a line, and all the lines of a chunk are queued at once. Node's web streams cost
 * about a microsecond per chunk passing through a `TransformStream`; this path skips that for every line.
 *
 * @param bytes The byte stream (locked by the returned stream).
 * @param options Maximum line size.
 * @returns The lines.
 * @throws {RangeError} When `maxLineBytes` is not a positive integer.
 * @example
 * ```ts
 * for await (const line of iterateStream(decodeLines(response.body!))) console.log(JSON.parse(line));
 * ```
 */
export function decodeLines(bytes: ReadableStream<Uint8Array>, options: JsonlDecoderOptions = {}): ReadableStream<string> {
  return flattenLineBatches(decodeLineBatches(bytes, options));
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
