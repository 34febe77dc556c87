// JSONL framing is where a byte stream from a process becomes events: chunk boundaries land anywhere (mid-line,
// mid-UTF-8 sequence, between CR and LF), and a runaway line must fail fast instead of buffering without bound.
import { describe, expect, it } from "vitest";
import {
  CodexLineTooLongError,
  decodeLineBatches,
  decodeLines,
  DEFAULT_MAX_LINE_BYTES,
  flattenLineBatches,
  isCodexLineTooLongError,
  iterateStream,
  JsonlDecoderStream,
  type JsonlDecoderOptions,
} from "@codexkit/sdk";

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);

function source(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(chunk);
      c.close();
    },
  });
}

async function decode(chunks: Uint8Array[], options?: JsonlDecoderOptions): Promise<string[]> {
  const out: string[] = [];
  for await (const line of iterateStream(source(chunks).pipeThrough(new JsonlDecoderStream(options)))) out.push(line);
  return out;
}

async function decodeError(chunks: Uint8Array[], options?: JsonlDecoderOptions): Promise<unknown> {
  return decode(chunks, options).then((lines) => ({ unexpectedLines: lines }), (err: unknown) => err);
}

// Covers CRLF, a blank and a whitespace-only line, 2- and 4-byte UTF-8 characters and a final line without newline.
const TEXT = '{"a":1}\r\n\n \t \r\n{"s":"café 😀"}\nlast é';
const EXPECTED = ['{"a":1}', '{"s":"café 😀"}', "last é"];

describe("JsonlDecoderStream", () => {
  it("decodes the reference text in one chunk", async () => {
    expect(await decode([bytes(TEXT)])).toEqual(EXPECTED);
  });

  it("gives the same lines wherever the input is split in two", async () => {
    const all = bytes(TEXT);
    for (let i = 0; i <= all.length; i++) {
      expect(await decode([all.slice(0, i), all.slice(i)]), `split at byte ${i}`).toEqual(EXPECTED);
    }
  });

  it("gives the same lines wherever the input is split in three", async () => {
    const all = bytes(TEXT);
    for (let i = 0; i <= all.length; i++) {
      for (let j = i; j <= all.length; j++) {
        const lines = await decode([all.slice(0, i), all.slice(i, j), all.slice(j)]);
        expect(lines, `split at bytes ${i} and ${j}`).toEqual(EXPECTED);
      }
    }
  });

  it("decodes one byte per chunk, including every byte of multi-byte characters", async () => {
    const all = bytes("é\n😀\n€x\n");
    expect(all.length).toBe(13); // 2 + 1 + 4 + 1 + 3 + 1 + 1 bytes: the characters really are multi-byte
    expect(await decode(Array.from(all, (b) => Uint8Array.of(b)))).toEqual(["é", "😀", "€x"]);
  });

  it("strips CR only as part of CRLF at the end of a line", async () => {
    expect(await decode([bytes("a\r"), bytes("\nb\rc\r\n")])).toEqual(["a", "b\rc"]);
  });

  it("emits a final line without a newline on flush, and nothing for a trailing blank", async () => {
    expect(await decode([bytes("one\ntwo")])).toEqual(["one", "two"]);
    expect(await decode([bytes("one\n  \r")])).toEqual(["one"]);
    expect(await decode([])).toEqual([]);
  });

  it("copies a pending partial line, so a producer may reuse its buffer", async () => {
    const stream = new JsonlDecoderStream();
    const reading = decodeStream(stream.readable);
    const writer = stream.writable.getWriter();
    const buffer = bytes("abc");
    await writer.write(buffer);
    buffer.set(bytes("XYZ"));
    await writer.write(bytes("\n"));
    await writer.close();
    expect(await reading).toEqual(["abc"]);
  });

  it("rejects a non-positive or non-integer maxLineBytes with RangeError", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new JsonlDecoderStream({ maxLineBytes: bad }), String(bad)).toThrow(RangeError);
    }
    expect(() => new JsonlDecoderStream({ maxLineBytes: 1 })).not.toThrow();
    expect(DEFAULT_MAX_LINE_BYTES).toBe(16 * 1024 * 1024);
  });
});

describe("JsonlDecoderStream line limit", () => {
  it("accepts a line of exactly maxLineBytes, counting bytes and not characters", async () => {
    expect(await decode([bytes("12345\n")], { maxLineBytes: 5 })).toEqual(["12345"]);
    expect(await decode([bytes("éé\n")], { maxLineBytes: 4 })).toEqual(["éé"]);
    // the CR of CRLF is not part of the line
    expect(await decode([bytes("12345\r\n")], { maxLineBytes: 5 })).toEqual(["12345"]);
    expect(await decode([bytes("123"), bytes("45\r"), bytes("\n")], { maxLineBytes: 5 })).toEqual(["12345"]);
  });

  it("errors on a line one byte too long that arrives in one chunk", async () => {
    const err = await decodeError([bytes("123456\nnext\n")], { maxLineBytes: 5 });
    expect(isCodexLineTooLongError(err)).toBe(true);
    expect(err).toBeInstanceOf(CodexLineTooLongError);
    expect((err as CodexLineTooLongError).maxLineBytes).toBe(5);
    expect(isCodexLineTooLongError(await decodeError([bytes("éé\n")], { maxLineBytes: 3 }))).toBe(true);
  });

  it("errors on an over-long final line without a newline (at flush or while buffering)", async () => {
    expect(isCodexLineTooLongError(await decodeError([bytes("123456")], { maxLineBytes: 5 }))).toBe(true);
    expect(isCodexLineTooLongError(await decodeError([bytes("1234567")], { maxLineBytes: 5 }))).toBe(true);
  });

  it("errors on a long line accumulated from small chunks, before it ends", async () => {
    const chunks = Array.from({ length: 10 }, () => bytes("xx"));
    expect(isCodexLineTooLongError(await decodeError(chunks, { maxLineBytes: 5 }))).toBe(true);
  });

  it("stops a 20 MB line fed in 64 KiB chunks at the default limit, not at the end", async () => {
    const chunkSize = 64 * 1024;
    const total = Math.ceil((20 * 1024 * 1024) / chunkSize); // 320 chunks
    const stream = new JsonlDecoderStream();
    const reading = decodeStream(stream.readable).then(() => null, (err: unknown) => err);
    const writer = stream.writable.getWriter();
    const chunk = new Uint8Array(chunkSize).fill(0x61); // reused on every write, as a pipe buffer would be
    let written = 0;
    for (; written < total; written++) {
      const ok = await writer.write(chunk).then(() => true, () => false);
      if (!ok) break;
    }
    expect(isCodexLineTooLongError(await reading)).toBe(true);
    // 256 chunks are exactly 16 MiB; the 257th crosses the limit: at most the limit was ever buffered
    expect(written).toBe(DEFAULT_MAX_LINE_BYTES / chunkSize);
    expect(written).toBeLessThan(total);
  });

  it("keeps passing lines after a long-but-allowed line", async () => {
    const long = "y".repeat(1024);
    const all = bytes(`${long}\nafter\n{"k":2}`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < all.length; i += 100) chunks.push(all.slice(i, i + 100));
    expect(await decode(chunks, { maxLineBytes: 1024 })).toEqual([long, "after", '{"k":2}']);
  });
});

async function decodeStream(stream: ReadableStream<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of iterateStream(stream)) out.push(line);
  return out;
}

describe("iterateStream", () => {
  it("yields every chunk in order and releases the lock at the end", async () => {
    const stream = new ReadableStream<number>({
      start(c) {
        [1, 2, 3].forEach((n) => c.enqueue(n));
        c.close();
      },
    });
    const seen: number[] = [];
    for await (const n of iterateStream(stream)) seen.push(n);
    expect(seen).toEqual([1, 2, 3]);
    expect(stream.locked).toBe(false);
  });

  it("cancels the stream and releases the lock when the loop exits early", async () => {
    let cancelled: unknown = "not cancelled";
    let pulls = 0;
    const stream = new ReadableStream<number>({
      pull: (c) => c.enqueue(++pulls),
      cancel: (reason) => void (cancelled = reason),
    }, { highWaterMark: 0 });
    for await (const n of iterateStream(stream)) if (n === 2) break;
    expect(cancelled).toBeUndefined();
    expect(stream.locked).toBe(false);
  });

  it("rethrows the stream's error", async () => {
    let pulls = 0;
    const stream = new ReadableStream<string>({
      pull: (c) => (++pulls === 1 ? c.enqueue("first") : c.error(new CodexLineTooLongError(7))),
    }, { highWaterMark: 0 });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const s of iterateStream(stream)) seen.push(s);
    })().catch((e: unknown) => e);
    expect(isCodexLineTooLongError(err)).toBe(true);
    expect(seen).toEqual(["first"]);
  });
});

describe("decodeLineBatches and flattenLineBatches", () => {
  async function batches(chunks: Uint8Array[], options?: JsonlDecoderOptions) {
    const out: string[][] = [];
    let error: unknown = null;
    try {
      for await (const batch of iterateStream(decodeLineBatches(source(chunks), options))) out.push(batch);
    } catch (err) {
      error = err;
    }
    return { out, error };
  }

  it("gives all complete lines of a chunk in one batch, never an empty batch", async () => {
    const { out, error } = await batches([bytes("a\nb\nc"), bytes("d\n\n"), bytes("\n"), bytes("e\nf")]);
    expect(error).toBeNull();
    expect(out).toEqual([["a", "b"], ["cd"], ["e"], ["f"]]);
  });

  it("delivers the lines before an over-long line, then the typed error", async () => {
    const { out, error } = await batches([bytes(`ok1\nok2\n${"x".repeat(20)}\nnever\n`)], { maxLineBytes: 10 });
    expect(out).toEqual([["ok1", "ok2"]]);
    expect(isCodexLineTooLongError(error)).toBe(true);
  });

  it("flattens to exactly the lines decodeLines gives, the error after them", async () => {
    const input = () => source([bytes("one\ntw"), bytes("o\nthree\n"), bytes(`${"y".repeat(12)}\n`)]);
    const read = async (stream: ReadableStream<string>) => {
      const lines: string[] = [];
      const err = await (async () => {
        for await (const line of iterateStream(stream)) lines.push(line);
      })().catch((e) => e);
      return { lines, tooLong: isCodexLineTooLongError(err) };
    };
    const flat = await read(flattenLineBatches(decodeLineBatches(input(), { maxLineBytes: 8 })));
    expect(flat).toEqual({ lines: ["one", "two", "three"], tooLong: true });
    expect(await read(decodeLines(input(), { maxLineBytes: 8 }))).toEqual(flat);
  });
});
