/**
 * The WebSocket as the relay client sees it: the standard `WebSocket` (browsers, Deno, Bun, workerd, Node ≥ 22) or
 * an injected constructor such as the `ws` package on Node 20. Only the standard event-handler surface is used. In
 * Cloudflare Workers, whose constructor takes no headers, a socket that must carry headers is opened through `fetch`
 * ({@link FetchUpgradeSocket}).
 *
 * @module
 */
import { RELAY_PROTOCOL } from "./protocol.ts";
import { CodexOptionsError } from "../errors.ts";
import { CodexRelayError } from "./errors.ts";
import { fetchCanUpgrade, FetchUpgradeSocket } from "./fetch-upgrade-socket.ts";

/** The part of a WebSocket the relay uses. */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** The subprotocol the server selected. */
  readonly protocol: string;
  /** Must accept `"arraybuffer"`. */
  binaryType: string;
  /** Sends one binary message. */
  send(data: Uint8Array): void;
  /** Closes the socket. */
  close(code?: number, reason?: string): void;
  /** Open handler. */
  onopen: ((event: unknown) => void) | null;
  /** Message handler. */
  onmessage: ((event: { data: unknown }) => void) | null;
  /** Close handler. */
  onclose: ((event: { code?: number; reason?: string }) => void) | null;
  /** Error handler. */
  onerror: ((event: unknown) => void) | null;
}

/** A WebSocket constructor: the standard one, or `ws`'s. */
export type WebSocketConstructor = new (url: string, protocols?: unknown, options?: unknown) => WebSocketLike;

/**
 * Checks what every WebSocket transport is given: a `ws:`/`wss:` URL, and a constructor (the one passed, else the
 * runtime's global).
 *
 * @param url The URL as given.
 * @param Ctor The constructor as given, if any.
 * @returns The parsed URL and the constructor to use.
 * @throws {CodexOptionsError} Naming `url` or `WebSocket`.
 * @example
 * ```ts
 * const { url, WebSocket } = webSocketTarget("ws://127.0.0.1:8080", undefined);
 * ```
 */
export function webSocketTarget(
  url: string,
  Ctor: WebSocketConstructor | undefined,
): { url: URL; WebSocket: WebSocketConstructor } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CodexOptionsError("url", "must be a ws:// or wss:// URL");
  }
  if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") throw new CodexOptionsError("url", "must be a ws:// or wss:// URL");
  const found = Ctor ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!found) {
    throw new CodexOptionsError("WebSocket", "is required: this runtime has no global WebSocket (on Node 20, pass the ws package's)");
  }
  return { url: parsed, WebSocket: found };
}

/** Creates a socket for a URL, subprotocols and extra headers. */
export type SocketFactory = (url: string, protocols: string[], headers: Record<string, string>) => WebSocketLike;

/**
 * Wraps a WebSocket constructor so headers reach the upgrade request where the runtime allows it: the `ws` package
 * takes them as a third argument; Deno, Bun and Node's built-in WebSocket take `{ protocols, headers }`; Cloudflare
 * Workers' own constructor takes none (it throws on that object), so there the upgrade goes through `fetch`;
 * browsers take none (use tickets there).
 *
 * @param Ctor The constructor.
 * @returns The factory.
 * @example
 * ```ts
 * import WebSocket from "ws";
 * const factory = socketFactory(WebSocket as never);
 * ```
 */
export function socketFactory(Ctor: WebSocketConstructor): SocketFactory {
  const isWs = typeof (Ctor as unknown as { Server?: unknown }).Server === "function";
  // only the runtime's own constructor: an injected one says how the caller wants to connect
  const viaFetch = Ctor === (globalThis as { WebSocket?: unknown }).WebSocket && fetchCanUpgrade();
  return (url, protocols, headers) => {
    const withHeaders = Object.keys(headers).length > 0;
    if (isWs) return new Ctor(url, protocols, { headers, maxPayload: 1024 * 1024 * 1024 });
    if (withHeaders && viaFetch) return new FetchUpgradeSocket(url, protocols, headers);
    if (withHeaders) return new Ctor(url, { protocols, headers });
    return new Ctor(url, protocols);
  };
}

// Browsers (and undici's WebSocket) report a refused upgrade as a bare error with no status, on purpose.
const HIDDEN_REFUSAL = "the connection closed before it opened and this runtime does not say why (browsers hide the " +
  "HTTP status). Check that the host is reachable, the token or ticket, and — from a browser — that the page's origin " +
  "is on the host's --allow-origin list";

function describe(event: unknown): string {
  const e = event as { message?: string; error?: { message?: string } } | undefined;
  return e?.message ?? e?.error?.message ?? "";
}

/** An open socket, and the messages it received so far. */
export interface OpenedSocket {
  /** The socket, open with the relay subprotocol. */
  socket: WebSocketLike;
  /**
   * Messages received so far, in order; the socket keeps adding to it until its `onmessage` is replaced. (Some
   * WebSocket libraries deliver a message in the same tick as `open`, before an awaiting caller could listen.)
   */
  received: unknown[];
}

/**
 * Opens a socket and waits for it to be open with the relay subprotocol, keeping what arrives meanwhile.
 *
 * @param factory How to create the socket.
 * @param url The host URL.
 * @param protocols Offered subprotocols.
 * @param headers Extra upgrade headers.
 * @returns The open socket and the messages received so far.
 * @throws {CodexRelayError} `AUTH_FAILED` when the host answered 401/403, else `CONNECTION_LOST`.
 * @example
 * ```ts
 * const { socket, received } = await openSocket(factory, "ws://127.0.0.1:8080", ["codexkit.relay.v1"], {});
 * ```
 */
export function openSocket(
  factory: SocketFactory,
  url: string,
  protocols: string[],
  headers: Record<string, string>,
): Promise<OpenedSocket> {
  return new Promise((resolve, reject) => {
    let socket: WebSocketLike;
    try {
      socket = factory(url, protocols, headers);
    } catch (cause) {
      return reject(new CodexRelayError("CONNECTION_LOST", `Cannot connect to ${url}: ${(cause as Error)?.message}`, { cause }));
    }
    socket.binaryType = "arraybuffer";
    const received: unknown[] = [];
    socket.onmessage = (event) => received.push(event.data);
    let detail = "";
    socket.onerror = (event) => (detail ||= describe(event));
    socket.onclose = (event) => {
      const text = `${detail} ${event?.reason ?? ""}`;
      const auth = /\b(401|403)\b/.test(text);
      reject(
        new CodexRelayError(
          auth ? "AUTH_FAILED" : "CONNECTION_LOST",
          auth
            ? `Cannot connect to the codex host: authentication failed (${detail.trim()})`
            : `Cannot connect to the codex host at ${url}: ${detail.trim() || HIDDEN_REFUSAL}`,
        ),
      );
    };
    socket.onopen = () => {
      if (socket.protocol !== RELAY_PROTOCOL) {
        socket.onclose = null;
        socket.close(1002, "wrong subprotocol");
        return reject(new CodexRelayError("CONNECTION_LOST", `Cannot use ${url}: it is not a codex host (subprotocol ${socket.protocol || "none"})`));
      }
      socket.onerror = null;
      socket.onclose = null;
      resolve({ socket, received });
    };
  });
}
