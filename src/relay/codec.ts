/**
 * Encodes and decodes relay frames: one binary protobuf message per WebSocket message (see
 * `proto/codexkit/relay/v1/relay.proto`). Decoding never throws anything but a {@link CodexRelayError} with reason
 * `BAD_FRAME`, whatever the bytes.
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
import { CodexRelayError, type RelayErrorReason } from "./errors.ts";

/** The WebSocket subprotocol of relay v1. */
export const RELAY_PROTOCOL = "codexkit.relay.v1";

/** The subprotocol prefix carrying a browser ticket (`codexkit.ticket.<ticket>`). */
export const TICKET_PROTOCOL_PREFIX = "codexkit.ticket.";

/** A client frame as plain data (what {@link encodeClientFrame} takes). */
export type ClientFrameInit = MessageInitShape<typeof ClientFrameSchema>;
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

const REASONS: Record<number, RelayErrorReason> = {
  [ErrorCode.BAD_FRAME]: "BAD_FRAME",
  [ErrorCode.UNKNOWN_CHANNEL]: "UNKNOWN_CHANNEL",
  [ErrorCode.CHANNEL_EXISTS]: "CHANNEL_EXISTS",
  [ErrorCode.POLICY_DENIED]: "POLICY_DENIED",
  [ErrorCode.LIMIT_EXCEEDED]: "LIMIT_EXCEEDED",
  [ErrorCode.LINE_TOO_LONG]: "LINE_TOO_LONG",
  [ErrorCode.OUTPUT_LIMIT]: "OUTPUT_LIMIT",
  [ErrorCode.SPAWN_FAILED]: "SPAWN_FAILED",
  [ErrorCode.RESUME_DENIED]: "RESUME_DENIED",
  [ErrorCode.INTERNAL]: "INTERNAL",
};

/**
 * The {@link RelayErrorReason} of a protocol error code.
 *
 * @param code The protocol's code.
 * @returns The reason (`INTERNAL` for codes this version does not know).
 * @example
 * ```ts
 * reasonOf(ErrorCode.POLICY_DENIED); // "POLICY_DENIED"
 * ```
 */
export function reasonOf(code: ErrorCode): RelayErrorReason {
  return REASONS[code] ?? "INTERNAL";
}

/**
 * The protocol error code of a {@link RelayErrorReason}.
 *
 * @param reason The reason.
 * @returns The code (`INTERNAL` for client-side reasons).
 * @example
 * ```ts
 * codeOf("POLICY_DENIED"); // ErrorCode.POLICY_DENIED
 * ```
 */
export function codeOf(reason: RelayErrorReason): ErrorCode {
  for (const [code, r] of Object.entries(REASONS)) if (r === reason) return Number(code) as ErrorCode;
  return ErrorCode.INTERNAL;
}

export { type ClientFrame, ErrorCode, type HostFrame };
