/**
 * A WebSocket opened the Workers way, for runtimes whose `WebSocket` constructor cannot send headers but whose
 * `fetch` can upgrade: Cloudflare Workers (workerd). `fetch(url, { headers: { Upgrade: "websocket", … } })` answers
 * with `response.webSocket`, which must be `accept()`ed. That is how a Worker puts `Authorization: Bearer` on the
 * upgrade to a codex host. The socket is presented with the standard event-handler surface ({@link WebSocketLike}),
 * so the relay and the app-server listener transport use it unchanged.
 *
 * @module
 */
import type { WebSocketLike } from "./socket.ts";

/** The socket workerd hands back on `response.webSocket`: already open, events flow after `accept()`. */
interface AcceptableWebSocket {
  readonly readyState: number;
  binaryType: string;
  accept(): void;
  send(data: Uint8Array | string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: never) => void): void;
}

/**
 * Whether this runtime's `fetch` can open a WebSocket (`Response.prototype.webSocket`, as in Cloudflare Workers).
 *
 * @returns True in workerd; false in browsers and in the Node, Deno and Bun runtimes.
 * @example
 * ```ts
 * if (fetchCanUpgrade()) console.log("a Workers runtime: the upgrade can carry headers");
 * ```
 */
export function fetchCanUpgrade(): boolean {
  const R: unknown = (globalThis as { Response?: unknown }).Response;
  return typeof R === "function" && "webSocket" in (R.prototype as object);
}

/**
 * A client WebSocket opened with `fetch`, so the upgrade request carries any headers (in workerd).
 *
 * @example
 * ```ts
 * const socket = new FetchUpgradeSocket("wss://codex.example.com", ["codexkit.relay.v1"], { authorization: "Bearer …" });
 * socket.onopen = () => console.log("open, subprotocol", socket.protocol);
 * ```
 */
export class FetchUpgradeSocket implements WebSocketLike {
  /** The subprotocol the server selected (from the 101 response: workerd leaves the socket's own empty). */
  protocol = "";
  /** Open handler: called once the upgrade succeeded. */
  onopen: ((event: unknown) => void) | null = null;
  /** Message handler. */
  onmessage: ((event: { data: unknown }) => void) | null = null;
  /** Close handler; also called (code 1006) when the upgrade fails. */
  onclose: ((event: { code?: number; reason?: string }) => void) | null = null;
  /** Error handler; a refused upgrade reports `Unexpected server response: <status>`. */
  onerror: ((event: unknown) => void) | null = null;
  #socket: AcceptableWebSocket | undefined;
  #state = 0;
  #binaryType = "blob";
  readonly #abort = new AbortController();

  /**
   * Starts the upgrade request.
   * @param url A `ws:`/`wss:` URL (fetched as `http:`/`https:`).
   * @param protocols Subprotocols to offer.
   * @param headers Extra upgrade headers, e.g. `authorization`.
   */
  constructor(url: string, protocols: string[], headers: Record<string, string>) {
    const target = new URL(url);
    target.protocol = target.protocol === "wss:" ? "https:" : "http:";
    const request: Record<string, string> = { ...headers, upgrade: "websocket" };
    if (protocols.length > 0) request["sec-websocket-protocol"] = protocols.join(", ");
    fetch(target, { headers: request, signal: this.#abort.signal }).then(
      (response) => this.#upgraded(response),
      (error: unknown) => this.#failed((error as Error)?.message ?? String(error)),
    );
  }

  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  get readyState(): number {
    return this.#socket?.readyState ?? this.#state;
  }

  /** Set before the upgrade completes; applied to the accepted socket. */
  get binaryType(): string {
    return this.#binaryType;
  }

  set binaryType(value: string) {
    this.#binaryType = value;
    if (this.#socket) this.#socket.binaryType = value;
  }

  /**
   * Sends one message.
   * @param data The bytes.
   * @throws {Error} When the socket is not open yet.
   */
  send(data: Uint8Array): void {
    if (!this.#socket) throw new Error("Cannot send on a WebSocket that is not open");
    this.#socket.send(data);
  }

  /**
   * Closes the socket, or abandons the upgrade while it is in flight.
   * @param code Close code.
   * @param reason Close reason.
   */
  close(code?: number, reason?: string): void {
    if (this.#socket) return this.#socket.close(code, reason);
    if (this.#state === 3) return;
    this.#abort.abort();
    this.#failed("closed before the upgrade completed");
  }

  #upgraded(response: Response): void {
    const socket = (response as Response & { webSocket?: AcceptableWebSocket | null }).webSocket;
    if (!socket) {
      void response.body?.cancel();
      return this.#failed(`Unexpected server response: ${response.status}`);
    }
    if (this.#state === 3) {
      // closed while the upgrade was in flight: finish the handshake only to close it
      socket.accept();
      return socket.close(1000, "closed");
    }
    this.protocol = response.headers.get("sec-websocket-protocol") ?? "";
    socket.binaryType = this.#binaryType;
    socket.addEventListener("message", (event: { data: unknown }) => this.onmessage?.(event));
    socket.addEventListener("error", (event: unknown) => this.onerror?.(event));
    socket.addEventListener("close", (event: { code?: number; reason?: string }) => this.onclose?.(event));
    socket.accept();
    this.#socket = socket;
    this.#state = 1;
    this.onopen?.({ type: "open" });
  }

  #failed(message: string): void {
    if (this.#state === 3) return;
    this.#state = 3;
    this.onerror?.({ type: "error", message });
    this.onclose?.({ code: 1006, reason: "" });
  }
}
