/**
 * What both ends of relay v1 agree on besides the frames: the subprotocol names and the protocol's error codes as
 * {@link RelayErrorReason}s. Kept apart from the frame codecs so the client imports none of the host's generated,
 * reflective protobuf code.
 *
 * @module
 */
import type { ErrorCode } from "../gen/relay_pb.ts";
import type { RelayErrorReason } from "./errors.ts";

/** The WebSocket subprotocol of relay v1. */
export const RELAY_PROTOCOL = "codexkit.relay.v1";

/** The subprotocol prefix carrying a browser ticket (`codexkit.ticket.<ticket>`). */
export const TICKET_PROTOCOL_PREFIX = "codexkit.ticket.";

// The reasons in the order of relay.proto's ErrorCode: index + 1 is the code (0 is ERROR_CODE_UNSPECIFIED). Numbers
// rather than the generated enum object, which would drag the generated module into the client; a unit test checks
// this list against the generated enum.
const REASONS: readonly RelayErrorReason[] = [
  "BAD_FRAME",
  "UNKNOWN_CHANNEL",
  "CHANNEL_EXISTS",
  "POLICY_DENIED",
  "LIMIT_EXCEEDED",
  "LINE_TOO_LONG",
  "OUTPUT_LIMIT",
  "SPAWN_FAILED",
  "RESUME_DENIED",
  "INTERNAL",
];

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
  return REASONS[code - 1] ?? "INTERNAL";
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
  return (REASONS.indexOf(reason) + 1 || REASONS.length) as ErrorCode;
}
