/**
 * The relay codec of the client: encodes `ClientFrame` and decodes `HostFrame`, the only two directions a client
 * needs, written over the small wire layer of `wire.ts`.
 *
 * Why a second codec: the generated code (`src/gen/relay_pb.ts`, used by the host through `codec.ts`) builds its
 * codec by reflection from the embedded file descriptor, which brings the descriptor runtime along (about 70 KB
 * minified) — most of a browser bundle. This one knows the two messages by heart and needs only the wire format;
 * the generated types keep it honest at compile time, and `tests/unit/relay-client-codec.test.ts` proves it against
 * the generated codec on thousands of random frames (same bytes when encoding, same message when decoding). A
 * change to `relay.proto` must change both: the test fails until it does.
 *
 * Decoding follows the generated decoder: fields in any order, a repeated singular message merged, unknown fields
 * and frame cases of newer hosts skipped (a newer frame case decodes as `case: undefined`), and any malformed input
 * a {@link CodexRelayError} with reason `BAD_FRAME`.
 *
 * @module
 */
import type { JsonObject, JsonValue, MessageInitShape } from "@bufbuild/protobuf";
import { WireReader, WireType, WireWriter } from "./wire.ts";
import type { ClientFrameSchema, HostFrame } from "../gen/relay_pb.ts";
import { CodexRelayError } from "./errors.ts";

/** A message as plain data: the generated shape without protobuf-es's `$typeName` and `$unknown`. */
export type Plain<T> = T extends bigint | string | number | boolean | undefined | Uint8Array ? T
  : T extends ReadonlyArray<infer E> ? Plain<E>[]
  : { [K in keyof T as K extends `$${string}` ? never : K]: Plain<T[K]> };

/** A frame sent by the host, as the client decodes it. */
export type HostFrameData = Plain<HostFrame>;

/** A frame sent by the client, as plain data (every field optional, as protobuf-es's init shape). */
export type ClientFrameInit = MessageInitShape<typeof ClientFrameSchema>;

type OpenInit = Extract<NonNullable<ClientFrameInit["frame"]>, { case: "open" }>["value"];
type OptionsInit = NonNullable<Extract<NonNullable<OpenInit["launch"]>, { case: "exec" }>["value"]["options"]>;

// --- encoding -----------------------------------------------------------------------------------------------------
// Field numbers are relay.proto's. Implicit-presence fields (plain proto3 scalars) are left out at their zero value,
// optional ones whenever set, as the generated encoder does, so both produce the same bytes.

const VARINT = WireType.Varint;
const LEN = WireType.LengthDelimited;

function u32(w: WireWriter, no: number, value: number | undefined): void {
  if (value) w.tag(no, VARINT).uint32(value);
}

function u64(w: WireWriter, no: number, value: bigint | undefined): void {
  if (value) w.tag(no, VARINT).uint64(value);
}

function text(w: WireWriter, no: number, value: string | undefined, always = false): void {
  if (value || (always && value !== undefined)) w.tag(no, LEN).string(value);
}

function flag(w: WireWriter, no: number, value: boolean | undefined): void {
  if (value !== undefined) w.tag(no, VARINT).bool(value);
}

function child(w: WireWriter, no: number, write: () => void): void {
  w.tag(no, LEN).fork();
  write();
  w.join();
}

// google.protobuf.Struct from its JSON form, as protobuf-es converts it (a value that is not JSON is an empty Value).
function struct(w: WireWriter, json: JsonObject): void {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return;
  for (const key of Object.keys(json)) {
    child(w, 1, () => {
      w.tag(1, LEN).string(key);
      child(w, 2, () => value(w, json[key]));
    });
  }
}

function value(w: WireWriter, json: JsonValue | undefined): void {
  switch (typeof json) {
    case "number":
      return void w.tag(2, WireType.Bit64).double(json);
    case "string":
      return void w.tag(3, LEN).string(json);
    case "boolean":
      return void w.tag(4, VARINT).bool(json);
    case "object":
      if (json === null) return void w.tag(1, VARINT).int32(0);
      if (Array.isArray(json)) return child(w, 6, () => json.forEach((item) => child(w, 1, () => value(w, item))));
      return child(w, 5, () => struct(w, json));
  }
}

function launchOptions(w: WireWriter, o: OptionsInit): void {
  text(w, 1, o.model, true);
  text(w, 2, o.sandboxMode, true);
  text(w, 3, o.workingDirectory, true);
  for (const dir of o.additionalDirectories ?? []) text(w, 4, dir, true);
  flag(w, 5, o.skipGitRepoCheck);
  text(w, 6, o.modelReasoningEffort, true);
  flag(w, 7, o.networkAccessEnabled);
  text(w, 8, o.webSearchMode, true);
  text(w, 9, o.approvalPolicy, true);
  const features = o.featureOverrides ?? {};
  for (const key of Object.keys(features)) {
    child(w, 10, () => w.tag(1, LEN).string(key).tag(2, VARINT).bool(features[key]!));
  }
  if (o.config !== undefined) child(w, 11, () => struct(w, o.config!));
  flag(w, 12, o.ephemeral);
  text(w, 13, o.threadSource, true);
}

function openChannel(w: WireWriter, open: OpenInit): void {
  u32(w, 1, open.channel);
  const launch = open.launch;
  if (launch?.case === "exec") {
    const exec = launch.value;
    child(w, 2, () => {
      if (exec.options !== undefined) child(w, 1, () => launchOptions(w, exec.options!));
      text(w, 2, exec.resumeThreadId);
      if (exec.resumeLast) flag(w, 3, true);
      for (const path of exec.imagePaths ?? []) text(w, 4, path, true);
      for (const image of exec.images ?? []) {
        child(w, 5, () => {
          text(w, 1, image.mediaType);
          if (image.data?.length) w.tag(2, LEN).bytes(image.data);
        });
      }
      if (exec.outputSchema !== undefined) child(w, 6, () => struct(w, exec.outputSchema!));
    });
  } else if (launch?.case === "appServer") {
    const options = launch.value.options;
    child(w, 3, () => options !== undefined && child(w, 1, () => launchOptions(w, options)));
  }
  u64(w, 4, open.maxLineBytes);
}

/**
 * Encodes a frame sent by a client (the bytes the generated encoder produces for the same frame).
 *
 * @param frame The frame.
 * @returns Its protobuf bytes.
 * @example
 * ```ts
 * const bytes = encodeClientFrame({ frame: { case: "ack", value: { channel: 1, seq: 10n } } });
 * ```
 */
export function encodeClientFrame(frame: ClientFrameInit): Uint8Array {
  const w = new WireWriter();
  const f = frame.frame;
  switch (f?.case) {
    case "open":
      child(w, 1, () => openChannel(w, f.value));
      break;
    case "stdin":
      child(w, 2, () => {
        u32(w, 1, f.value.channel);
        u64(w, 2, f.value.seq);
        text(w, 3, f.value.text);
      });
      break;
    case "closeStdin":
    case "ack":
      child(w, f.case === "ack" ? 5 : 3, () => {
        u32(w, 1, f.value.channel);
        u64(w, 2, f.value.seq);
      });
      break;
    case "kill":
    case "release":
      child(w, f.case === "kill" ? 4 : 7, () => u32(w, 1, f.value.channel));
      break;
    case "resume":
      child(w, 6, () => {
        u32(w, 1, f.value.channel);
        text(w, 2, f.value.sessionId);
        text(w, 3, f.value.resumeToken);
        u64(w, 4, f.value.afterSeq);
      });
      break;
  }
  return w.finish();
}

// --- decoding -----------------------------------------------------------------------------------------------------
// Every message of a HostFrame numbers its fields 1, 2, 3, … in declaration order, so a message is described by the
// readers of its fields in that order. Scalars are read by their declared type whatever the wire type says, as the
// generated decoder does.

type Read<V> = (r: WireReader, current: V) => V;
type Fields<T> = ReadonlyArray<{ [K in keyof T]-?: readonly [K, Read<T[K]>] }[keyof T]>;
type Case = NonNullable<HostFrameData["frame"]["case"]>;
type ValueOf<C extends Case> = Extract<HostFrameData["frame"], { case: C }>["value"];

const readU32 = (r: WireReader): number => r.uint32();
const readU64 = (r: WireReader): bigint => r.uint64();
const readStr = (r: WireReader): string => r.string();
const readI32 = (r: WireReader): number => r.int32();
const readLines: Read<string[]> = (r, list) => (list.push(r.string()), list);

// The generated decoder's recursion budget (100), less the depth at which unknown fields are skipped.
const SKIP_LIMIT = 98;

function readMessage<T>(r: WireReader, message: T, fields: Fields<T>): T {
  const end = r.uint32() + r.pos;
  while (r.pos < end) {
    const [no, wireType] = r.tag();
    const field = fields[no - 1];
    if (field) message[field[0]] = field[1](r, message[field[0]]);
    else r.skip(wireType, no, SKIP_LIMIT);
  }
  return message;
}

function frameCase<C extends Case>(name: C, empty: () => ValueOf<C>, fields: Fields<ValueOf<C>>) {
  return [name, empty, fields] as const;
}

// HostFrame's oneof, by field number - 1.
const CASES = [
  frameCase("opened", () => ({ channel: 0, sessionId: "", resumeToken: "" }), [
    ["channel", readU32],
    ["sessionId", readStr],
    ["resumeToken", readStr],
  ]),
  frameCase("output", () => ({ channel: 0, seq: 0n, lines: [] }), [["channel", readU32], ["seq", readU64], ["lines", readLines]]),
  frameCase("streamError", () => ({ channel: 0, seq: 0n, code: 0, message: "" }), [
    ["channel", readU32],
    ["seq", readU64],
    ["code", readI32],
    ["message", readStr],
  ]),
  frameCase("exited", () => ({ channel: 0, seq: 0n, signal: "", stderrTail: "" }), [
    ["channel", readU32],
    ["seq", readU64],
    ["exitCode", readI32],
    ["signal", readStr],
    ["stderrTail", readStr],
  ]),
  frameCase("error", () => ({ channel: 0, code: 0, message: "" }), [["channel", readU32], ["code", readI32], ["message", readStr]]),
  frameCase("resumed", () => ({ channel: 0, inputSeq: 0n }), [["channel", readU32], ["inputSeq", readU64]]),
  frameCase("gap", () => ({ channel: 0, fromSeq: 0n, toSeq: 0n }), [["channel", readU32], ["fromSeq", readU64], ["toSeq", readU64]]),
  frameCase("inputAck", () => ({ channel: 0, seq: 0n, error: "" }), [["channel", readU32], ["seq", readU64], ["error", readStr]]),
  frameCase("hello", () => ({ maxFrameBytes: 0n, windowBytes: 0n, detachGraceMs: 0n, hostId: "", instanceId: "" }), [
    ["maxFrameBytes", readU64],
    ["windowBytes", readU64],
    ["detachGraceMs", readU64],
    ["hostId", readStr],
    ["instanceId", readStr],
  ]),
];

/**
 * Decodes a frame sent by the host.
 *
 * @param data The WebSocket message's bytes.
 * @returns The frame (`frame.case` is `undefined` for an empty frame or one of a newer protocol version).
 * @throws {CodexRelayError} With reason `BAD_FRAME` when the bytes are not a `HostFrame`.
 * @example
 * ```ts
 * const frame = decodeHostFrame(bytes);
 * if (frame.frame.case === "output") console.log(frame.frame.value.lines);
 * ```
 */
export function decodeHostFrame(data: Uint8Array | ArrayBuffer): HostFrameData {
  try {
    if (!(data instanceof Uint8Array || data instanceof ArrayBuffer)) throw new TypeError("not a binary message");
    const r = new WireReader(data instanceof Uint8Array ? data : new Uint8Array(data));
    let frame = { case: undefined } as { case: Case | undefined; value?: unknown };
    while (r.pos < r.len) {
      const [no, wireType] = r.tag();
      const known = CASES[no - 1] as readonly [Case, () => object, Fields<object>] | undefined;
      if (!known) {
        r.skip(wireType, no, SKIP_LIMIT + 1);
        continue;
      }
      const [name, empty, fields] = known;
      // a repeated occurrence of the same case merges into it, as protobuf requires
      frame = { case: name, value: readMessage(r, frame.case === name ? frame.value as object : empty(), fields) };
    }
    return { frame } as HostFrameData;
  } catch (cause) {
    throw new CodexRelayError("BAD_FRAME", `Cannot decode host frame: ${(cause as Error)?.message ?? cause}`, { cause });
  }
}
