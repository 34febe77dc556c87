/**
 * Encodes and decodes relay frames in both directions with the generated, reflective protobuf-es code: one binary
 * protobuf message per WebSocket message (see `proto/codexkit/relay/v1/relay.proto`). The host uses it (and it is
 * what `@codexkit/sdk/host` exports); the client uses the small `client-codec.ts`, which leaves the descriptor runtime
 * out of browser bundles and is tested to agree with this one. Decoding never throws anything but a
 * {@link CodexRelayError} with reason `BAD_FRAME`, whatever the bytes.
 *
 * @module
 */
import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import {
  type ClientFrame,
  ClientFrameSchema,
  ErrorCode,
  type HostFrame,
  HostFrameSchema,
} from "../gen/relay_pb.ts";
import type { ClientFrameInit } from "./client-codec.ts";
import { CodexRelayError } from "./errors.ts";

export { codeOf, reasonOf, RELAY_PROTOCOL, TICKET_PROTOCOL_PREFIX } from "./protocol.ts";
export type { ClientFrameInit };

/** A host frame as plain data (what {@link encodeHostFrame} takes). */
export type HostFrameInit = MessageInitShape<typeof HostFrameSchema>;

function decode<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (cause) {
    throw new CodexRelayError("BAD_FRAME", `Cannot decode ${what}: ${(cause as Error)?.message ?? cause}`, { cause });
  }
}

function bytesOf(data: Uint8Array | ArrayBuffer): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/**
 * Encodes a frame sent by a client.
 *
 * @param frame The frame.
 * @returns Its protobuf bytes.
 * @example
 * ```ts
 * const bytes = encodeClientFrame({ frame: { case: "ack", value: { channel: 1, seq: 10 } } });
 * ```
 */
export function encodeClientFrame(frame: ClientFrameInit): Uint8Array {
  return toBinary(ClientFrameSchema, create(ClientFrameSchema, frame));
}

/**
 * Decodes a frame sent by a client.
 *
 * @param data The WebSocket message's bytes.
 * @returns The frame (its `frame.case` is `undefined` for an empty or unknown frame).
 * @throws {CodexRelayError} With reason `BAD_FRAME` when the bytes are not a `ClientFrame`.
 * @example
 * ```ts
 * const frame = decodeClientFrame(bytes);
 * if (frame.frame.case === "ack") console.log(frame.frame.value.seq);
 * ```
 */
export function decodeClientFrame(data: Uint8Array | ArrayBuffer): ClientFrame {
  return decode("client frame", () => fromBinary(ClientFrameSchema, bytesOf(data)));
}

/**
 * Encodes a frame sent by the host.
 *
 * @param frame The frame.
 * @returns Its protobuf bytes.
 * @example
 * ```ts
 * const bytes = encodeHostFrame({ frame: { case: "output", value: { channel: 1, seq: 1, lines: ["{}"] } } });
 * ```
 */
export function encodeHostFrame(frame: HostFrameInit): Uint8Array {
  return toBinary(HostFrameSchema, create(HostFrameSchema, frame));
}

/**
 * Decodes a frame sent by the host.
 *
 * @param data The WebSocket message's bytes.
 * @returns The frame.
 * @throws {CodexRelayError} With reason `BAD_FRAME` when the bytes are not a `HostFrame`.
 * @example
 * ```ts
 * const frame = decodeHostFrame(bytes);
 * ```
 */
export function decodeHostFrame(data: Uint8Array | ArrayBuffer): HostFrame {
  return decode("host frame", () => fromBinary(HostFrameSchema, bytesOf(data)));
}

export { type ClientFrame, ErrorCode, type HostFrame };
