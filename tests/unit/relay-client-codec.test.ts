// The client's small relay codec (src/relay/client-codec.ts) must agree with the generated, reflective one the host
// uses: every ClientFrame it encodes is byte for byte what the generated encoder writes (so the host decodes the same
// message), and every HostFrame it decodes is the message the generated decoder returns — for thousands of random
// frames covering every oneof case and field (the google.protobuf.Struct config and output schema included), with
// unknown fields and frame cases of a newer protocol, repeated (merged) messages, and malformed, truncated or random
// bytes, which must give a typed BAD_FRAME error exactly when the generated decoder fails too.
import { create, fromBinary, type JsonObject, type JsonValue, type Message, toBinary } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import { type ClientFrameInit, encodeClientFrame, type HostFrameInit } from "@codexkit/sdk/host";
import { isCodexRelayError } from "@codexkit/sdk/websocket";
import { ClientFrameSchema, ErrorCode, HostFrameSchema } from "../../src/gen/relay_pb.ts";
import * as small from "../../src/relay/client-codec.ts";
import { codeOf, reasonOf } from "../../src/relay/protocol.ts";
import type { RelayErrorReason } from "../../src/relay/errors.ts";

/** A small deterministic PRNG, so a failure reproduces. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

const random = prng(20261202);
const int = (n: number) => Math.floor(random() * n);
const chance = (p: number) => random() < p;
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;

const STRINGS = ["", "a", "hello world", "é😀 ünïcødé", "x".repeat(200), "\u0000nul", "line\nbreak", "{\"json\":true}"];
const str = () => chance(0.2) ? random().toString(36).slice(2) : pick(STRINGS);
const u32 = () => pick([0, 1, 7, 127, 128, 300, 65_535, 2 ** 31, 2 ** 32 - 1]);
const u64 = () => pick([0n, 1n, 127n, 128n, 16_384n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 64n - 1n]);
const i32 = () => pick([0, 1, -1, 137, -(2 ** 31), 2 ** 31 - 1]);
const bytes = () => Uint8Array.from({ length: pick([0, 1, 5, 300]) }, () => int(256));
const list = <T>(make: () => T, max = 4): T[] => Array.from({ length: int(max + 1) }, make);

function json(depth = 0): JsonValue {
  switch (int(depth > 2 ? 4 : 6)) {
    case 0:
      return null;
    case 1:
      return pick([0, -0, 1, -1.5, 3.141592653589793, 2 ** 60, -(2 ** 53), Number.MIN_VALUE]);
    case 2:
      return str();
    case 3:
      return chance(0.5);
    case 4:
      return list(() => json(depth + 1), 3);
    default:
      return object(depth + 1);
  }
}

function object(depth = 0): JsonObject {
  const out: JsonObject = {};
  for (let i = int(4); i > 0; i--) out[pick(["a", "model", "", "deep.key", "é", "__proto__x"])] = json(depth);
  // what is not JSON becomes an empty google.protobuf.Value, in both codecs
  if (chance(0.05)) (out as Record<string, unknown>).skipped = undefined;
  return out;
}

const maybe = <T>(make: () => T): T | undefined => chance(0.5) ? make() : undefined;
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function launchOptions() {
  return defined({
    model: maybe(str),
    sandboxMode: maybe(str),
    workingDirectory: maybe(str),
    additionalDirectories: maybe(() => list(str)),
    skipGitRepoCheck: maybe(() => chance(0.5)),
    modelReasoningEffort: maybe(str),
    networkAccessEnabled: maybe(() => chance(0.5)),
    webSearchMode: maybe(str),
    approvalPolicy: maybe(str),
    featureOverrides: maybe(() => Object.fromEntries(list(() => [str(), chance(0.5)] as const))),
    config: maybe(object),
    ephemeral: maybe(() => chance(0.5)),
    threadSource: maybe(str),
  });
}

function clientFrame(): ClientFrameInit {
  const channel = u32();
  switch (int(8)) {
    case 0: {
      const launch = pick([
        undefined,
        {
          case: "exec" as const,
          value: defined({
            options: maybe(launchOptions),
            resumeThreadId: maybe(str),
            resumeLast: maybe(() => chance(0.5)),
            imagePaths: maybe(() => list(str)),
            images: maybe(() => list(() => defined({ mediaType: maybe(str), data: maybe(bytes) }), 2)),
            outputSchema: maybe(object),
          }),
        },
        { case: "appServer" as const, value: defined({ options: maybe(launchOptions) }) },
      ]);
      return { frame: { case: "open", value: defined({ channel, launch, maxLineBytes: maybe(u64) }) } };
    }
    case 1:
      return { frame: { case: "stdin", value: defined({ channel, seq: maybe(u64), text: maybe(str) }) } };
    case 2:
      return { frame: { case: "closeStdin", value: { channel, seq: u64() } } };
    case 3:
      return { frame: { case: "kill", value: { channel } } };
    case 4:
      return { frame: { case: "ack", value: { channel, seq: u64() } } };
    case 5:
      return { frame: { case: "resume", value: { channel, sessionId: str(), resumeToken: str(), afterSeq: u64() } } };
    case 6:
      return { frame: { case: "release", value: { channel } } };
    default:
      return chance(0.5) ? {} : { frame: { case: undefined } };
  }
}

// An unknown field as protobuf-es keeps it ($unknown): the raw value after the tag.
function unknownField() {
  const no = 20 + int(100);
  switch (int(5)) {
    case 0:
      return { no, wireType: WireType.Varint, data: new BinaryWriter().uint64(u64()).finish() };
    case 1:
      return { no, wireType: WireType.LengthDelimited, data: new BinaryWriter().bytes(bytes()).finish() };
    case 2:
      return { no, wireType: WireType.Bit32, data: new BinaryWriter().fixed32(u32()).finish() };
    case 3:
      return { no, wireType: WireType.Bit64, data: new BinaryWriter().fixed64(u64()).finish() };
    default: // a group: its fields, then the end tag
      return { no, wireType: WireType.StartGroup, data: new BinaryWriter().tag(1, WireType.Varint).uint32(5).tag(no, WireType.EndGroup).finish() };
  }
}

// protobuf-es writes a message's $unknown fields back out (create() drops them from an init, so set them after)
function addUnknown(message: Pick<Message, "$unknown">): void {
  if (chance(0.25)) message.$unknown = list(unknownField, 2);
}

function hostFrameValue(name: string) {
  const channel = u32();
  switch (name) {
    case "opened":
      return { channel, sessionId: str(), resumeToken: str() };
    case "output":
      return { channel, seq: u64(), lines: list(str, 6) };
    case "streamError":
      return { channel, seq: u64(), code: pick([0, 1, 6, 10, 42, -3]) as ErrorCode, message: str() };
    case "exited":
      return defined({ channel, seq: u64(), exitCode: maybe(i32), signal: str(), stderrTail: str() });
    case "error":
      return { channel, code: pick([0, 2, 4, 9, 99]) as ErrorCode, message: str() };
    case "resumed":
      return { channel, inputSeq: u64() };
    case "gap":
      return { channel, fromSeq: u64(), toSeq: u64() };
    case "inputAck":
      return { channel, seq: u64(), error: str() };
    default:
      return { maxFrameBytes: u64(), windowBytes: u64(), detachGraceMs: u64() };
  }
}

const HOST_CASES = ["opened", "output", "streamError", "exited", "error", "resumed", "gap", "inputAck", "hello"];

function hostFrameBytes(): Uint8Array {
  const name = int(11) === 0 ? undefined : pick(HOST_CASES);
  const message = create(HostFrameSchema, name ? { frame: { case: name, value: hostFrameValue(name) } } as HostFrameInit : {});
  addUnknown(message);
  if (message.frame.value) addUnknown(message.frame.value);
  return toBinary(HostFrameSchema, message);
}

/** The generated decoder's result without protobuf-es's bookkeeping ($typeName, $unknown). */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== "object" || value === null || value instanceof Uint8Array) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith("$")).map(([k, v]) => [k, plain(v)]));
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
function attempt(run: () => unknown): Outcome {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error };
  }
}

function expectSameDecoding(bytes: Uint8Array): Outcome {
  const generated = attempt(() => plain(fromBinary(HostFrameSchema, bytes)));
  const ours = attempt(() => small.decodeHostFrame(bytes));
  if (!ours.ok) {
    expect(isCodexRelayError(ours.error) && ours.error.reason === "BAD_FRAME", String(ours.error)).toBe(true);
  }
  expect(ours.ok, `generated ${generated.ok ? "decoded" : "failed"}, ours ${ours.ok ? "decoded" : "failed"}`).toBe(generated.ok);
  if (ours.ok && generated.ok) expect(ours.value).toEqual(generated.value);
  return ours;
}

describe("client relay codec", () => {
  it("encodes random client frames to the generated encoder's bytes, which decode to the same message", () => {
    const cases = new Set<string | undefined>();
    for (let i = 0; i < 4000; i++) {
      const frame = clientFrame();
      cases.add(frame.frame?.case);
      const ours = small.encodeClientFrame(frame);
      const generated = encodeClientFrame(frame);
      expect([...ours]).toEqual([...generated]);
      expect(fromBinary(ClientFrameSchema, ours)).toEqual(fromBinary(ClientFrameSchema, generated));
    }
    expect(cases.size).toBe(8); // every case, and none
  });

  it("keeps the Struct of a launch exactly (config and output schema)", () => {
    const config = { model_reasoning_summary: "auto", tools: { web_search: true }, list: [1, "two", null, [3]], n: -0.5 };
    const frame: ClientFrameInit = {
      frame: { case: "open", value: { channel: 1, launch: { case: "exec", value: { options: { config }, outputSchema: { type: "object" } } } } },
    };
    const decoded = fromBinary(ClientFrameSchema, small.encodeClientFrame(frame));
    expect(decoded.frame.case === "open" && decoded.frame.value.launch.case === "exec" && decoded.frame.value.launch.value)
      .toMatchObject({ options: { config }, outputSchema: { type: "object" } });
  });

  it("decodes random host frames, with unknown fields, as the generated decoder does", () => {
    const cases = new Set<unknown>();
    let unknown = 0;
    for (let i = 0; i < 4000; i++) {
      const bytes = hostFrameBytes();
      const decoded = expectSameDecoding(bytes);
      if (decoded.ok) cases.add((decoded.value as small.HostFrameData).frame.case);
      if (JSON.stringify(fromBinary(HostFrameSchema, bytes), (_k, v) => typeof v === "bigint" ? 0 : v).includes("$unknown")) unknown++;
    }
    expect(cases.size).toBe(10); // every case, and none
    expect(unknown).toBeGreaterThan(1000); // the frames did carry unknown fields
  });

  it("merges a repeated frame message and skips frame cases of a newer protocol", () => {
    for (let i = 0; i < 1000; i++) {
      const a = hostFrameBytes();
      const b = hostFrameBytes();
      expectSameDecoding(Uint8Array.from([...a, ...b])); // protobuf: concatenation merges
    }
    const newer = new BinaryWriter().tag(10, WireType.LengthDelimited).bytes(new Uint8Array([8, 1])).finish();
    expect(small.decodeHostFrame(newer)).toEqual({ frame: { case: undefined } });
    const output = toBinary(HostFrameSchema, create(HostFrameSchema, { frame: { case: "output", value: { channel: 2, seq: 3n, lines: ["x"] } } }));
    expect(small.decodeHostFrame(Uint8Array.from([...newer, ...output, ...newer]))).toEqual({
      frame: { case: "output", value: { channel: 2, seq: 3n, lines: ["x"] } },
    });
  });

  it("fails with a typed BAD_FRAME error exactly where the generated decoder fails, never hanging", () => {
    let failed = 0;
    for (let i = 0; i < 6000; i++) {
      const valid = hostFrameBytes();
      let bytes: Uint8Array;
      if (i % 3 === 0) bytes = valid.subarray(0, int(valid.length)); // truncated
      else if (i % 3 === 1) {
        bytes = valid.slice();
        for (let k = 0; k < 1 + int(4) && bytes.length > 0; k++) bytes[int(bytes.length)] = int(256);
      } else bytes = Uint8Array.from({ length: int(64) }, () => int(256));
      if (!expectSameDecoding(bytes).ok) failed++;
    }
    expect(failed).toBeGreaterThan(1000);
    // invalid UTF-8 in a string, a length past the end, a group that never ends, an end-group with no start
    for (const bad of [[18, 3, 8, 1, 0xff], [18, 200, 8], [0xa3, 0x01, 8, 1], [0x0c]]) {
      expect(expectSameDecoding(Uint8Array.from(bad)).ok, String(bad)).toBe(false);
    }
  });

  it("skips unknown groups to the generated decoder's recursion limit, and no deeper", () => {
    const groups = (depth: number) => {
      const w = new BinaryWriter();
      for (let i = 0; i < depth; i++) w.tag(30, WireType.StartGroup);
      for (let i = 0; i < depth; i++) w.tag(30, WireType.EndGroup);
      return w.finish();
    };
    for (const depth of [1, 98, 99, 100, 101]) {
      expectSameDecoding(groups(depth)); // at the top level
      const inner = groups(depth);
      expectSameDecoding(new BinaryWriter().tag(2, WireType.LengthDelimited).bytes(inner).finish()); // inside Output
    }
    expect(expectSameDecoding(groups(99)).ok).toBe(true);
    expect(expectSameDecoding(groups(100)).ok).toBe(false);
  });

  it("takes an ArrayBuffer, and refuses what is not bytes with a typed error", () => {
    const bytes = toBinary(HostFrameSchema, create(HostFrameSchema, { frame: { case: "gap", value: { channel: 1, fromSeq: 2n, toSeq: 3n } } }));
    expect(small.decodeHostFrame(bytes.slice().buffer)).toEqual({ frame: { case: "gap", value: { channel: 1, fromSeq: 2n, toSeq: 3n } } });
    for (const junk of ["text frame", null, {}]) {
      expect(() => small.decodeHostFrame(junk as never)).toThrow(expect.objectContaining({ reason: "BAD_FRAME" }));
    }
  });

  it("maps every protocol error code to its reason and back", () => {
    for (const [name, code] of Object.entries(ErrorCode)) {
      if (typeof code !== "number" || code === ErrorCode.UNSPECIFIED) continue;
      expect(reasonOf(code)).toBe(name);
      expect(codeOf(name as RelayErrorReason)).toBe(code);
    }
    expect(reasonOf(ErrorCode.UNSPECIFIED)).toBe("INTERNAL");
    expect(reasonOf(99 as ErrorCode)).toBe("INTERNAL");
    for (const clientSide of ["GAP", "AUTH_FAILED", "CONNECTION_LOST"] as const) expect(codeOf(clientSide)).toBe(ErrorCode.INTERNAL);
  });
});
