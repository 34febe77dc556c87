/**
 * The codex host: serve codex on this machine to remote clients (browsers, edge functions, other servers) over
 * WebSocket, with the relay protocol (`proto/codexkit/relay/v1/relay.proto`). The host decides everything that
 * matters — what runs, where, with which sandbox — and the client only asks: authentication before the upgrade,
 * Host/Origin allow-lists, a policy (sandbox ceiling, roots, config and method allow-lists), limits, resumable
 * sessions and clean shutdown. Runs on Node, Deno and Bun.
 *
 * @example
 * ```ts
 * import { createCodexHost, serveCodexHost } from "@codexkit/sdk/host";
 *
 * const host = await createCodexHost({ auth: { tokens: [process.env.HOST_TOKEN!] }, roots: ["/srv/work"] });
 * const server = await serveCodexHost(host, { hostname: "127.0.0.1", port: 8080 });
 * console.log(`listening on ${server.url}`);
 * ```
 *
 * @module
 */
import { realpath } from "node:fs/promises";
import {
  type CodexHost,
  createCodexHost as createCore,
  type CodexHostOptions as CoreOptions,
} from "../src/host/host-core.ts";
import type { Transport } from "../src/transport.ts";
import { NativeTransport } from "./auto.ts";
import { IMAGE_EXTENSIONS } from "./_launch-files.ts";
import { writeTempFile } from "./_temp-file.ts";

export { serveCodexHost, type CodexHostServer, type ServeCodexHostOptions } from "./_host-serve.ts";
export { createTicket, type CreateTicketOptions } from "../src/host/ticket.ts";
export { type AuthOptions, type AuthResult, Authenticator, type TokenEntry } from "../src/host/auth.ts";
export { MemoryTicketClaims, type TicketClaimStore } from "../src/host/ticket-claims.ts";
export { checkRequest, type GuardRefusal, type RequestGuardOptions } from "../src/host/request-guard.ts";
export { Policy } from "../src/host/policy.ts";
export { clampParams, methodAllowed } from "../src/host/method-policy.ts";
export { isConfigKeyAllowed } from "../src/host/config-keys.ts";
export {
  type ClientFrameInit,
  decodeClientFrame,
  decodeHostFrame,
  encodeClientFrame,
  encodeHostFrame,
  type HostFrameInit,
  RELAY_PROTOCOL,
  TICKET_PROTOCOL_PREFIX,
} from "../src/relay/codec.ts";
export type { CodexHost, HostLogEntry, UpgradeDecision } from "../src/host/host-core.ts";
export type { HostSocket } from "../src/host/connection.ts";
export type { PolicyOptions } from "../src/host/policy.ts";
export { DEFAULT_LIMITS, type HostLimits } from "../src/host/limits.ts";
export { DEFAULT_CONFIG_KEYS, FORBIDDEN_CONFIG_KEYS } from "../src/host/config-keys.ts";
export { DEFAULT_METHODS } from "../src/host/method-policy.ts";
export { CodexRelayError, isCodexRelayError, type RelayErrorReason } from "../src/relay/errors.ts";

/** Options of {@link createCodexHost}: the core's, with this runtime's defaults for the runtime-specific parts. */
export interface CodexHostOptions extends Omit<CoreOptions, "transport" | "resolvePath"> {
  /** How codex is started. Default: this runtime's process transport (each codex in its own process group). */
  transport?: Transport;
  /** Canonicalises paths. Default `fs.realpath`. */
  resolvePath?: (path: string) => Promise<string>;
}

/**
 * Creates a codex host with this runtime's process transport, `realpath` and private temp files for images.
 *
 * @param options Auth, roots, policy and limits.
 * @returns The host; serve it with {@link serveCodexHost}.
 * @throws {TypeError} When no authentication is configured or a root does not exist.
 * @example
 * ```ts
 * const host = await createCodexHost({ auth: { ticketSecrets: [secret] }, roots: ["/srv/work"], allowOrigins: ["https://app.example.com"] });
 * ```
 */
export function createCodexHost(options: CodexHostOptions): Promise<CodexHost> {
  return createCore({
    storeImage: (mediaType, data) => writeTempFile(`image.${IMAGE_EXTENSIONS[mediaType] ?? "bin"}`, data),
    ...options,
    transport: options.transport ?? new NativeTransport(),
    resolvePath: options.resolvePath ?? ((p) => realpath(p)),
  });
}
