/**
 * The protobuf wire format, as much of it as the client's relay codec uses: varints (32 and 64 bit), length-delimited
 * fields, doubles and the skipping of unknown fields. protobuf-es's `BinaryWriter` and `BinaryReader` do all this and
 * more (fixed and zigzag integers, floats, a 64-bit fallback for engines without `BigInt`), and cost a browser three
 * times these few lines gzipped; the relay's browser client loads this instead. The host keeps the generated
 * protobuf-es codec, and `tests/unit/relay-client-codec.test.ts` holds the two to the same bytes and the same
 * messages, failures included, on thousands of random and malformed frames.
 *
 * Reading follows protobuf-es's reader in what it accepts and refuses: a varint of more than ten bytes, a tag of a
 * field 0 or wire type 6 or 7, a read past the end or invalid UTF-8 throws, and a `uint32` keeps the low 32 bits of a
 * longer varint.
 *
 * @module
 */

/** Protobuf wire types. */
export const WireType = { Varint: 0, Bit64: 1, LengthDelimited: 2, StartGroup: 3, EndGroup: 4, Bit32: 5 } as const;

const encoder = new TextEncoder();

// How many bytes the varint of a uint32 takes.
function varintSize(value: number): number {
  let size = 1;
  while (value > 0x7f) {
    value >>>= 7;
    size++;
  }
  return size;
}
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Writes a protobuf message field by field; `fork()` … `join()` wraps what is written between them as a
 * length-delimited field.
 *
 * @example
 * ```ts
 * const w = new WireWriter();
 * w.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.Varint).uint32(7).join();
 * const bytes = w.finish();
 * ```
 */
export class WireWriter {
  #buf = new Uint8Array(256);
  #pos = 0;
  readonly #forks: number[] = [];

  #reserve(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    const grown = new Uint8Array(Math.max(this.#buf.length * 2, this.#pos + n));
    grown.set(this.#buf.subarray(0, this.#pos));
    this.#buf = grown;
  }

  /**
   * Writes a field's tag.
   * @param fieldNo The field number.
   * @param wireType Its {@link WireType}.
   * @returns This writer.
   */
  tag(fieldNo: number, wireType: number): this {
    return this.uint32(((fieldNo << 3) | wireType) >>> 0);
  }

  /**
   * Writes an unsigned 32-bit varint.
   * @param value 0 to 2³²−1.
   * @returns This writer.
   */
  uint32(value: number): this {
    this.#reserve(5);
    while (value > 0x7f) {
      this.#buf[this.#pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.#buf[this.#pos++] = value;
    return this;
  }

  /**
   * Writes a signed 32-bit varint (a negative one takes ten bytes, sign-extended to 64 bits).
   * @param value −2³¹ to 2³¹−1.
   * @returns This writer.
   */
  int32(value: number): this {
    return value >= 0 ? this.uint32(value) : this.uint64(BigInt.asUintN(64, BigInt(value)));
  }

  /**
   * Writes an unsigned 64-bit varint.
   * @param value 0 to 2⁶⁴−1.
   * @returns This writer.
   */
  uint64(value: bigint): this {
    this.#reserve(10);
    while (value > 0x7fn) {
      this.#buf[this.#pos++] = Number(value & 0x7fn) | 0x80;
      value >>= 7n;
    }
    this.#buf[this.#pos++] = Number(value);
    return this;
  }

  /**
   * Writes a bool.
   * @param value The value.
   * @returns This writer.
   */
  bool(value: boolean): this {
    return this.uint32(value ? 1 : 0);
  }

  /**
   * Writes a little-endian IEEE 754 double (wire type `Bit64`).
   * @param value The value.
   * @returns This writer.
   */
  double(value: number): this {
    this.#reserve(8);
    new DataView(this.#buf.buffer).setFloat64(this.#pos, value, true);
    this.#pos += 8;
    return this;
  }

  /**
   * Writes length-prefixed bytes.
   * @param value The bytes.
   * @returns This writer.
   */
  bytes(value: Uint8Array): this {
    this.uint32(value.length);
    this.#reserve(value.length);
    this.#buf.set(value, this.#pos);
    this.#pos += value.length;
    return this;
  }

  /**
   * Writes a length-prefixed UTF-8 string (lone surrogates become U+FFFD).
   * @param value The string.
   * @returns This writer.
   */
  string(value: string): this {
    // encoded in place behind a one-byte length prefix, moved up when the length needs more bytes
    this.#reserve(value.length * 3 + 5);
    const start = this.#pos + 1;
    const { written } = encoder.encodeInto(value, this.#buf.subarray(start));
    const prefix = varintSize(written);
    if (prefix > 1) this.#buf.copyWithin(this.#pos + prefix, start, start + written);
    this.uint32(written);
    this.#pos += written;
    return this;
  }

  /**
   * Starts a length-delimited field: what is written until the matching {@link join} becomes its content.
   * @returns This writer.
   */
  fork(): this {
    this.#reserve(1);
    this.#forks.push(this.#pos++); // room for a one-byte length prefix
    return this;
  }

  /**
   * Ends the field started by the last {@link fork}, prefixing its content with its length.
   * @returns This writer.
   */
  join(): this {
    const start = this.#forks.pop()!;
    const length = this.#pos - start - 1;
    const prefix = varintSize(length);
    if (prefix > 1) {
      this.#reserve(prefix - 1);
      this.#buf.copyWithin(start + prefix, start + 1, this.#pos);
    }
    this.#pos = start;
    this.uint32(length);
    this.#pos += length;
    return this;
  }

  /**
   * The bytes written.
   * @returns A copy; the writer can go on.
   */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#pos);
  }
}

/**
 * Reads a protobuf message: the caller reads a tag, then the field by the type it declares, or skips it.
 *
 * @example
 * ```ts
 * const r = new WireReader(bytes);
 * while (r.pos < r.len) {
 *   const [fieldNo, wireType] = r.tag();
 *   if (fieldNo === 1) console.log(r.uint32());
 *   else r.skip(wireType, fieldNo);
 * }
 * ```
 */
export class WireReader {
  /** The next byte to read. */
  pos = 0;
  /** The length of the message. */
  readonly len: number;
  readonly #buf: Uint8Array;

  /**
   * @param buf The message's bytes.
   */
  constructor(buf: Uint8Array) {
    this.#buf = buf;
    this.len = buf.length;
  }

  #checkBounds(): void {
    if (this.pos > this.len) throw new RangeError("premature EOF");
  }

  // A byte past the end reads as 0 (no continuation bit) and the bounds check that follows throws.
  #byte(): number {
    return this.#buf[this.pos++] ?? 0;
  }

  /**
   * Reads a field's tag.
   * @returns The field number and the wire type.
   * @throws {Error} When the tag overflows 32 bits or names field 0 or wire type 6 or 7.
   */
  tag(): [fieldNo: number, wireType: number] {
    const start = this.pos;
    const tag = this.uint32();
    const read = this.pos - start;
    if (read > 5 || (read === 5 && this.#buf[this.pos - 1]! > 0x0f)) throw new Error("illegal tag: varint overflows uint32");
    const fieldNo = tag >>> 3;
    const wireType = tag & 7;
    if (fieldNo <= 0 || wireType > 5) throw new Error(`illegal tag: field no ${fieldNo} wire type ${wireType}`);
    return [fieldNo, wireType];
  }

  /**
   * Reads an unsigned 32-bit varint; of a longer one (up to ten bytes) the low 32 bits.
   * @returns The value.
   * @throws {Error} When the varint is longer than ten bytes or runs past the end.
   */
  uint32(): number {
    let result = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const b = this.#byte();
      result |= (b & 0x7f) << shift;
      if (!(b & 0x80)) {
        this.#checkBounds();
        return result;
      }
    }
    let b = this.#byte();
    result |= (b & 0x0f) << 28;
    for (let read = 5; b & 0x80 && read < 10; read++) b = this.#byte();
    if (b & 0x80) throw new Error("invalid varint");
    this.#checkBounds();
    return result >>> 0;
  }

  /**
   * Reads a signed 32-bit varint.
   * @returns The value.
   */
  int32(): number {
    return this.uint32() | 0;
  }

  /**
   * Reads an unsigned 64-bit varint.
   * @returns The value.
   * @throws {Error} When the varint is longer than ten bytes or runs past the end.
   */
  uint64(): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.#byte();
      value |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) {
        this.#checkBounds();
        return BigInt.asUintN(64, value);
      }
    }
    throw new Error("invalid varint");
  }

  /**
   * Reads a length-prefixed UTF-8 string.
   * @returns The string.
   * @throws {Error} When it runs past the end or is not valid UTF-8.
   */
  string(): string {
    const length = this.uint32();
    const start = this.pos;
    this.pos += length;
    this.#checkBounds();
    return decoder.decode(this.#buf.subarray(start, this.pos));
  }

  /**
   * Skips a field of any wire type (a group with everything in it).
   * @param wireType The field's wire type.
   * @param fieldNo Its number: a group must end with the same.
   * @param depthLimit How many groups deep it may go.
   * @throws {Error} When the field is malformed, runs past the end or nests too deep.
   */
  skip(wireType: number, fieldNo: number, depthLimit = 100): void {
    switch (wireType) {
      case WireType.Varint:
        while (this.#byte() & 0x80);
        break;
      case WireType.Bit64:
        this.pos += 8;
        break;
      case WireType.Bit32:
        this.pos += 4;
        break;
      case WireType.LengthDelimited: {
        const length = this.uint32();
        this.pos += length;
        break;
      }
      case WireType.StartGroup:
        if (depthLimit <= 0) throw new Error("maximum recursion depth reached");
        for (;;) {
          const [no, type] = this.tag();
          if (type === WireType.EndGroup) {
            if (no !== fieldNo) throw new Error("invalid end group tag");
            break;
          }
          this.skip(type, no, depthLimit - 1);
        }
        break;
      default:
        throw new Error(`cannot skip wire type ${wireType}`);
    }
    this.#checkBounds();
  }
}
