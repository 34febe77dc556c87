/**
 * The WebSocket transport: drive codex on a codex host (`codexkit host`, or `serveCodexHost`) from any JavaScript
 * runtime — browsers, Deno, Bun, Cloudflare Workers, Node. It is a {@link Transport} like any other, so
 * `new Codex({ transport })` (both backends) and `AppServerClient.connect({ transport })` run unchanged over it.
 * This entry imports nothing runtime-specific.
 *
 * @example
 * ```ts
 * import { Codex } from "@codexkit/sdk";
 * import { websocketTransport } from "@codexkit/sdk/websocket";
 *
 * const transport = websocketTransport({ url: "wss://codex.example.com", token: process.env.CODEX_HOST_TOKEN });
 * const turn = await new Codex({ transport }).startThread({ workingDirectory: "/srv/work/repo" }).run("Fix the tests");
 * await transport.close();
 * ```
 *
 * @module
 */
import { CodexOptionsError } from "../src/errors.ts";
import type { Channel, LaunchSpec, OpenOptions, Transport } from "../src/transport.ts";
import { RelayClient, type ReconnectOptions } from "../src/relay/relay-client.ts";
import { socketFactory, type WebSocketConstructor, webSocketTarget } from "../src/relay/socket.ts";

export { CodexRelayError, isCodexRelayError, type RelayErrorReason } from "../src/relay/errors.ts";
export { appServerWebSocketTransport, type AppServerWebSocketTransportOptions } from "./_app-server-listener.ts";
export type { ReconnectOptions } from "../src/relay/relay-client.ts";
export type { WebSocketConstructor, WebSocketLike } from "../src/relay/socket.ts";

/** Options of {@link websocketTransport}. */
export interface WebSocketTransportOptions {
  /** The host's URL, `ws://` or `wss://`. */
  url: string;
  /**
   * A static token or HS256 JWT, sent as `Authorization: Bearer` on the upgrade. Server runtimes only (Deno, Bun,
   * Node with `ws` or Node ≥ 22, and Cloudflare Workers, where the upgrade goes through `fetch` because their
   * `WebSocket` constructor takes no headers): browsers cannot send headers on a WebSocket — use `getTicket`.
   */
  token?: string;
  /** Mints a fresh single-use ticket (from your backend, see `createTicket`) for every connection. */
  getTicket?: () => string | Promise<string>;
  /** The WebSocket constructor; default the global one. On Node 20 pass the `ws` package's. */
  WebSocket?: WebSocketConstructor;
  /** Reconnection after a drop (exponential backoff with jitter), or `false`. Default 10 attempts. */
  reconnect?: ReconnectOptions | false;
  /** Largest stdout line accepted, in bytes. Default: the host's limit. */
  maxLineBytes?: number;
  /** Close the socket after this long without channels. Default 1 000 ms. */
  lingerMs?: number;
  /** Aborting closes the transport. */
  signal?: AbortSignal;
}

/** A {@link Transport} over a WebSocket to a codex host. */
export interface WebSocketTransport extends Transport {
  /** Closes the socket; open channels fail (the host stops their processes after its grace period). */
  close(): Promise<void>;
  /** Same as {@link WebSocketTransport.close}. */
  [Symbol.asyncDispose](): Promise<void>;
  /** Testing aid: drops the socket as a network failure would, so the transport reconnects and resumes. */
  dropConnection(): boolean;
}

/**
 * Creates a transport that opens codex channels on a remote codex host.
 *
 * @param options URL, credentials, WebSocket constructor and reconnection.
 * @returns The transport.
 * @throws {CodexOptionsError} When the URL is not `ws:`/`wss:`, both or neither credential is given, or there is no
 * WebSocket constructor.
 * @example
 * ```ts
 * import WebSocket from "ws"; // Node 20
 * const transport = websocketTransport({ url: "ws://127.0.0.1:8080", token, WebSocket: WebSocket as never });
 * ```
 */
export function websocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const { url, WebSocket: Ctor } = webSocketTarget(options.url, options.WebSocket);
  if (!options.token && !options.getTicket) throw new CodexOptionsError("token", "or getTicket is required");
  if (options.token && options.getTicket) throw new CodexOptionsError("token", "and getTicket cannot both be given");
  const client = new RelayClient({
    url: url.href,
    socketFactory: socketFactory(Ctor),
    ...(options.token ? { token: options.token } : {}),
    ...(options.getTicket ? { getTicket: options.getTicket } : {}),
    ...(options.reconnect !== undefined ? { reconnect: options.reconnect } : {}),
    ...(options.maxLineBytes !== undefined ? { maxLineBytes: options.maxLineBytes } : {}),
    ...(options.lingerMs !== undefined ? { lingerMs: options.lingerMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const close = () => Promise.resolve(client.close());
  return {
    open: (spec: LaunchSpec, openOptions?: OpenOptions): Promise<Channel> => client.open(spec, openOptions),
    close,
    [Symbol.asyncDispose]: close,
    dropConnection: () => client.dropConnection(),
  };
}
