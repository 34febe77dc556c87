/**
 * The client side of the relay: one WebSocket to a codex host, many channels over it. It authenticates (a bearer
 * token in the `Authorization` header where the runtime allows headers, or a fresh single-use ticket per connection
 * in the subprotocol list), reconnects with exponential backoff and jitter after a drop, resumes every channel from
 * the last event it consumed, and never retries an authentication failure. Behind a proxy with many hosts, a
 * reconnect asks for the host that runs its channels (`?codexkit_host=<id>`, from the host's `Hello`); when it lands
 * on another host anyway, the channels fail with `HOST_GONE` instead of a futile resume.
 *
 * @module
 */
import { CodexAbortError, CodexTransportError } from "../errors.ts";
import type { LaunchSpec, OpenOptions } from "../transport.ts";
import { type ClientFrameInit, decodeHostFrame, encodeClientFrame, type HostFrameData } from "./client-codec.ts";
import { CodexRelayError } from "./errors.ts";
import { canResumeOn, type HostIdentity, hostGoneError, stickyUrl } from "./host-identity.ts";
import { toOpenChannel } from "./launch.ts";
import { reasonOf, RELAY_PROTOCOL, TICKET_PROTOCOL_PREFIX } from "./protocol.ts";
import { RemoteChannel } from "./remote-channel.ts";
import { openSocket, type SocketFactory, type WebSocketLike } from "./socket.ts";

/** Reconnection after a dropped socket. */
export interface ReconnectOptions {
  /**
   * Attempts before giving up (each channel then fails with `CONNECTION_LOST`). Default 10. Every attempt but the
   * last asks the proxy for the host running the channels; the last goes to whichever host the proxy picks, so a
   * host that never comes back ends in `HOST_GONE` rather than `CONNECTION_LOST`.
   */
  maxAttempts?: number;
  /** First delay. Default 100 ms. */
  initialDelayMs?: number;
  /** Largest delay. Default 5 000 ms. */
  maxDelayMs?: number;
}

/** Options of {@link RelayClient}. */
export interface RelayClientOptions {
  /** `ws://` or `wss://` URL of the host. */
  url: string;
  /** A static token or JWT, sent as `Authorization: Bearer` (server runtimes). */
  token?: string;
  /** Mints a fresh ticket for each connection (browsers). */
  getTicket?: () => string | Promise<string>;
  /** Creates the WebSocket (the runtime's own or an injected constructor). */
  socketFactory: SocketFactory;
  /** Reconnection, or `false` to fail channels on the first drop. */
  reconnect?: ReconnectOptions | false;
  /** Largest stdout line accepted, in bytes. */
  maxLineBytes?: number;
  /** Close the socket after this long without channels. Default 1 000 ms. */
  lingerMs?: number;
  /** Closes everything when aborted. */
  signal?: AbortSignal;
}

type Pending = { channel: RemoteChannel; resolve: (c: RemoteChannel) => void; reject: (e: Error) => void; signal?: AbortSignal };

// The host sends its Hello right after the upgrade: one that does not arrive in this time is not coming.
const HELLO_TIMEOUT_MS = 10_000;

/**
 * A multiplexed, resumable connection to a codex host.
 *
 * @example
 * ```ts
 * const client = new RelayClient({ url, token, socketFactory });
 * const channel = await client.open({ mode: "exec", options: {} });
 * ```
 */
export class RelayClient {
  readonly #o: RelayClientOptions;
  #socket: WebSocketLike | undefined;
  #connecting: Promise<WebSocketLike> | undefined;
  /** The host the current socket reached. */
  #host: HostIdentity = { id: "", instance: "" };
  #next = 1;
  readonly #channels = new Map<number, RemoteChannel>();
  readonly #opening = new Map<number, Pending>();
  #lingerTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #reconnecting = false;
  #windowBytes = 8 * 1024 * 1024;

  /**
   * Creates a client; it connects on the first `open`.
   * @param options URL, credentials, socket factory and reconnection.
   */
  constructor(options: RelayClientOptions) {
    this.#o = options;
    options.signal?.addEventListener("abort", () => this.close(), { once: true });
  }

  async #dial(hostId: string): Promise<WebSocketLike> {
    const protocols = [RELAY_PROTOCOL];
    if (this.#o.getTicket) protocols.push(TICKET_PROTOCOL_PREFIX + await this.#o.getTicket());
    const headers: Record<string, string> = this.#o.token ? { authorization: `Bearer ${this.#o.token}` } : {};
    const { socket, received } = await openSocket(this.#o.socketFactory, stickyUrl(this.#o.url, hostId), protocols, headers);
    await this.#hello(socket, received);
    socket.onmessage = (event) => this.#onFrame(event.data);
    socket.onclose = () => this.#onDrop(socket);
    this.#socket = socket;
    for (const data of received.splice(0)) this.#onFrame(data);
    if (socket.readyState > 1) this.#onDrop(socket); // closed while no handler listened
    return socket;
  }

  /**
   * Waits for the host's Hello — who it is, its window — before the socket is used, and takes it out of `received`.
   * A first message that is not a Hello (a host of an older protocol revision) stays there, to be handled as usual.
   */
  #hello(socket: WebSocketLike, received: unknown[]): Promise<void> {
    return new Promise((resolve, reject) => {
      let done = false;
      const fail = (message: string) => {
        done = true;
        clearTimeout(timer);
        socket.onclose = null;
        socket.close(1002, "no hello");
        reject(new CodexRelayError("CONNECTION_LOST", `Cannot use the codex host at ${this.#o.url}: ${message}`));
      };
      const check = (): boolean => {
        if (done || received.length === 0) return done;
        done = true;
        clearTimeout(timer);
        let frame: HostFrameData;
        try {
          frame = decodeHostFrame(toBytes(received[0]));
        } catch {
          fail("its first frame is not a relay frame");
          return true;
        }
        socket.onclose = null;
        this.#host = { id: "", instance: "" };
        if (frame.frame.case === "hello") {
          received.shift();
          const hello = frame.frame.value;
          this.#host = { id: hello.hostId, instance: hello.instanceId };
          this.#windowBytes = Number(hello.windowBytes) || this.#windowBytes;
        }
        resolve();
        return true;
      };
      const timer = setTimeout(() => fail("it sent no Hello"), HELLO_TIMEOUT_MS);
      if (check()) return;
      const keep = socket.onmessage; // openSocket's, which fills `received`
      socket.onmessage = (event) => {
        keep?.(event);
        check();
      };
      socket.onclose = () => fail("the connection closed before its Hello");
    });
  }

  /**
   * The open socket, or a new one.
   * @param hostId The host to ask the proxy for (`""`: any). Default: while channels wait to be resumed, their host —
   * also for an `open` racing a reconnect, whose dial the reconnect then shares.
   */
  #connect(hostId: string = this.#channels.size > 0 ? this.#host.id : ""): Promise<WebSocketLike> {
    if (this.#socket) return Promise.resolve(this.#socket);
    this.#connecting ??= this.#dial(hostId).finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  #send(frame: ClientFrameInit): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== 1) return; // resent on resume
    socket.send(encodeClientFrame(frame));
  }

  /**
   * Opens a channel on the host.
   * @param spec What to run.
   * @param options Cancellation.
   * @returns The channel.
   * @throws {CodexAbortError} When aborted before the request was sent.
   * @throws {CodexRelayError} When the host refuses (policy, limits) or authentication fails.
   */
  async open(spec: LaunchSpec, options: OpenOptions = {}): Promise<RemoteChannel> {
    const { signal } = options;
    if (signal?.aborted) throw new CodexAbortError("Cannot start codex: the signal was aborted", { cause: signal.reason });
    if (this.#closed) throw new CodexTransportError("Cannot open a channel: the transport is closed");
    const number = this.#next++;
    const request = toOpenChannel(number, spec, this.#o.maxLineBytes ?? 0);
    clearTimeout(this.#lingerTimer);
    const link = {
      send: (f: ClientFrameInit) => this.#send(f),
      done: (c: RemoteChannel) => this.#done(c),
      // a quarter of the window per ack keeps the host reading while acks are in flight
      ackEveryBytes: () => Math.max(1024, Math.min(256 * 1024, Math.floor(this.#windowBytes / 4))),
    };
    const channel = new RemoteChannel(number, link, this.#o.maxLineBytes ?? 16 * 1024 * 1024);
    const opened = new Promise<RemoteChannel>((resolve, reject) => {
      this.#opening.set(number, { channel, resolve, reject, ...(signal ? { signal } : {}) });
    });
    try {
      await this.#connect();
    } catch (err) {
      this.#opening.delete(number);
      this.#linger();
      throw err;
    }
    if (signal?.aborted) {
      this.#opening.delete(number);
      this.#linger();
      throw new CodexAbortError("Cannot start codex: the signal was aborted", { cause: signal.reason });
    }
    this.#send({ frame: { case: "open", value: request } });
    const result = await opened;
    const onAbort = () => result.kill();
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) result.kill();
    void result.exited.then(() => signal?.removeEventListener("abort", onAbort));
    return result;
  }

  #done(channel: RemoteChannel): void {
    if (this.#channels.get(channel.number) !== channel) return;
    this.#channels.delete(channel.number);
    this.#send({ frame: { case: "release", value: { channel: channel.number } } });
    this.#linger();
  }

  #linger(): void {
    if (this.#channels.size + this.#opening.size > 0) return;
    clearTimeout(this.#lingerTimer);
    this.#lingerTimer = setTimeout(() => {
      if (this.#channels.size + this.#opening.size > 0) return;
      const socket = this.#socket;
      this.#socket = undefined;
      if (socket) {
        socket.onclose = null;
        socket.close(1000, "idle");
      }
    }, this.#o.lingerMs ?? 1000);
  }

  #onFrame(data: unknown): void {
    let frame: HostFrameData;
    try {
      frame = decodeHostFrame(toBytes(data));
    } catch {
      return this.#socket?.close(1002, "bad frame");
    }
    const f = frame.frame;
    switch (f.case) {
      case "opened": {
        const pending = this.#opening.get(f.value.channel);
        if (!pending) return;
        this.#opening.delete(f.value.channel);
        pending.channel.session = { id: f.value.sessionId, token: f.value.resumeToken };
        pending.channel.host = this.#host;
        this.#channels.set(f.value.channel, pending.channel);
        if (pending.signal?.aborted) pending.channel.kill();
        return pending.resolve(pending.channel);
      }
      case "output":
        return this.#channels.get(f.value.channel)?.output(Number(f.value.seq), f.value.lines);
      case "streamError":
        return this.#channels.get(f.value.channel)?.streamError(Number(f.value.seq), reasonOf(f.value.code), f.value.message);
      case "exited":
        return this.#channels.get(f.value.channel)?.exit(Number(f.value.seq), {
          exitCode: f.value.exitCode ?? null,
          signal: f.value.signal || null,
          stderrTail: f.value.stderrTail,
        });
      case "inputAck":
        return this.#channels.get(f.value.channel)?.inputAck(Number(f.value.seq), f.value.error);
      case "resumed":
        return this.#channels.get(f.value.channel)?.resumed(Number(f.value.inputSeq));
      case "gap": {
        const message = `Cannot resume channel ${f.value.channel}: events ${f.value.fromSeq}–${f.value.toSeq} are no longer kept by the host`;
        return this.#channels.get(f.value.channel)?.lost(new CodexRelayError("GAP", message));
      }
      case "error": {
        const error = new CodexRelayError(reasonOf(f.value.code), f.value.message);
        const pending = this.#opening.get(f.value.channel);
        if (pending) {
          this.#opening.delete(f.value.channel);
          this.#linger();
          return pending.reject(error);
        }
        if (f.value.code === 9 /* RESUME_DENIED */ || f.value.code === 2 /* UNKNOWN_CHANNEL */) {
          this.#channels.get(f.value.channel)?.lost(error);
        }
        return;
      }
      case "hello":
        return; // read in #hello, before the socket is used
      default:
        return; // frames of newer versions
    }
  }

  #onDrop(socket: WebSocketLike): void {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    const lost = new CodexRelayError("CONNECTION_LOST", "Cannot reach the codex host: the connection was lost");
    for (const [n, pending] of this.#opening) {
      this.#opening.delete(n);
      pending.reject(lost);
    }
    if (this.#closed || this.#o.reconnect === false || this.#channels.size === 0) {
      for (const channel of [...this.#channels.values()]) channel.lost(lost);
      return;
    }
    void this.#reconnect();
  }

  async #reconnect(): Promise<void> {
    if (this.#reconnecting) return;
    this.#reconnecting = true;
    const o = this.#o.reconnect || {};
    const max = o.maxAttempts ?? 10;
    let delay = o.initialDelayMs ?? 100;
    let lastError: unknown;
    // the host the channels run on: ask the proxy for it, except on the last attempt (see ReconnectOptions)
    const home = this.#host.id;
    try {
      for (let attempt = 0; attempt < max && !this.#closed; attempt++) {
        await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * delay / 2));
        delay = Math.min(delay * 2, o.maxDelayMs ?? 5000);
        try {
          await this.#connect(attempt < max - 1 || max === 1 ? home : "");
          for (const channel of [...this.#channels.values()]) {
            if (!canResumeOn(channel.host, this.#host)) {
              channel.lost(hostGoneError(channel.number, channel.host!, this.#host));
              continue;
            }
            const session = channel.session!;
            this.#send({
              frame: {
                case: "resume",
                value: { channel: channel.number, sessionId: session.id, resumeToken: session.token, afterSeq: BigInt(channel.consumedSeq) },
              },
            });
          }
          return;
        } catch (err) {
          lastError = err;
          if (err instanceof CodexRelayError && err.reason === "AUTH_FAILED") break;
        }
      }
      const error = new CodexRelayError("CONNECTION_LOST", "Cannot reach the codex host: reconnecting failed", { cause: lastError });
      for (const channel of [...this.#channels.values()]) channel.lost(error);
    } finally {
      this.#reconnecting = false;
    }
  }

  /** Closes the socket; open channels fail with `CONNECTION_LOST` (their processes are stopped by the host). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#lingerTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    const error = new CodexRelayError("CONNECTION_LOST", "Cannot use the channel: the transport was closed");
    for (const channel of [...this.#channels.values()]) {
      channel.kill();
      channel.lost(error);
    }
    socket?.close(1000, "closed");
  }

  /**
   * For tests: drops the socket as a network failure would (no close handshake), to exercise resume.
   * @returns Whether there was an open socket to drop.
   */
  dropConnection(): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== 1) return false;
    const raw = socket as unknown as { terminate?: () => void };
    if (raw.terminate) raw.terminate();
    else socket.close(4000, "dropped");
    return true;
  }
}

const toBytes = (data: unknown): Uint8Array => (data instanceof ArrayBuffer ? new Uint8Array(data) : data as Uint8Array);
