// The client's small relay codec (src/relay/client-codec.ts) must agree with the generated, reflective one the host
// uses: every ClientFrame it encodes is byte for byte what the generated encoder writes (so the host decodes the same
// message), and every HostFrame it decodes is the message the generated decoder returns — for thousands of random
// frames built from the generated descriptors, so they cover every oneof case and field (the google.protobuf.Struct
// config and output schema included) and whatever relay.proto gains later, with unknown fields and frame cases of a
// newer protocol, repeated (merged) messages, and malformed, truncated or random bytes, which must give a typed
// BAD_FRAME error exactly when the generated decoder fails too.
import {
  create,
  type DescField,
  type DescMessage,
  fromBinary,
  type JsonObject,
  type JsonValue,
  type Message,
  ScalarType,
  toBinary,
} from "@bufbuild/protobuf";
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

// Frames are generated from the generated descriptors, so a field or frame case added to relay.proto appears in
// them at once, and these tests fail until the small codec knows it.
type Init = Record<string, unknown>;

function scalar(type: ScalarType): unknown {
  switch (type) {
    case ScalarType.STRING:
      return str();
    case ScalarType.BOOL:
      return chance(0.5);
    case ScalarType.BYTES:
      return bytes();
    case ScalarType.UINT32:
      return u32();
    case ScalarType.UINT64:
      return u64();
    case ScalarType.INT32:
      return i32();
    default:
      throw new Error(`relay.proto uses scalar type ${ScalarType[type]}: teach this generator (and client-codec.ts) about it`);
  }
}

function value(field: DescField): unknown {
  switch (field.fieldKind) {
    case "scalar":
      return scalar(field.scalar);
    case "enum": // known codes and unknown ones (proto3 enums are open)
      return chance(0.8) ? pick(field.enum.values).number : pick([42, -3]);
    case "message":
      return message(field.message);
    case "list":
      return list(() => field.listKind === "message" ? message(field.message) : field.listKind === "enum" ? 1 : scalar(field.scalar), 4);
    case "map":
      if (field.mapKind !== "scalar") throw new Error(`map ${field.name}: teach this generator about ${field.mapKind} values`);
      return Object.fromEntries(list(() => [str(), scalar(field.scalar)], 3));
  }
}

function message(desc: DescMessage): Init {
  if (desc.typeName === "google.protobuf.Struct") return object(); // a JsonObject in the generated types
  const init: Init = {};
  for (const member of desc.members) {
    if (member.kind === "oneof") {
      if (chance(0.9)) {
        const field = pick(member.fields);
        init[member.localName] = { case: field.localName, value: value(field) };
      }
    } else if (chance(0.6)) init[member.localName] = value(member);
  }
  return init;
}

/** A random frame: every field set or left out at random (as an init shape, so explicit presence shows). */
function frame(desc: DescMessage): Init {
  const oneof = desc.oneofs[0]!;
  const field = int(oneof.fields.length + 1) === 0 ? undefined : pick(oneof.fields);
  return field ? { [oneof.localName]: { case: field.localName, value: message(field.message!) } } : {};
}

const clientFrame = () => frame(ClientFrameSchema) as ClientFrameInit;
const caseCount = (desc: DescMessage) => desc.oneofs[0]!.fields.length + 1; // every case, and none

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

function hostFrameBytes(): Uint8Array {
  const frameMessage = create(HostFrameSchema, frame(HostFrameSchema) as HostFrameInit);
  addUnknown(frameMessage);
  if (frameMessage.frame.value) addUnknown(frameMessage.frame.value);
  return toBinary(HostFrameSchema, frameMessage);
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
    expect(cases.size).toBe(caseCount(ClientFrameSchema));
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
    expect(cases.size).toBe(caseCount(HostFrameSchema));
    expect(unknown).toBeGreaterThan(1000); // the frames did carry unknown fields
  });

  it("merges a repeated frame message and skips frame cases of a newer protocol", () => {
    for (let i = 0; i < 1000; i++) {
      const a = hostFrameBytes();
      const b = hostFrameBytes();
      expectSameDecoding(Uint8Array.from([...a, ...b])); // protobuf: concatenation merges
    }
    const next = Math.max(...HostFrameSchema.fields.map((f) => f.number)) + 1;
    const newer = new BinaryWriter().tag(next, WireType.LengthDelimited).bytes(new Uint8Array([8, 1])).finish();
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
