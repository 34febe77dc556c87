/**
 * A JSON-RPC peer over a {@link Channel}: ids and a pending map for our requests, notifications, server → client
 * requests (their own id space), per-request timeouts and `AbortSignal`s, and — when the channel dies — every
 * pending request rejected with a typed error, so nothing hangs.
 *
 * @module
 */
import {
  CodexAbortError,
  CodexTimeoutError,
  CodexTransportError,
  type ExitStatus,
} from "../errors.ts";
import { type JsonRpcErrorObject, JsonRpcError } from "./error.ts";
import { iterateStream } from "../jsonl.ts";
import type { Channel } from "../transport.ts";
import { classifyMessage, type RequestId } from "./messages.ts";

/** Options of one request. */
export interface RequestOptions {
  /** Cancels waiting for the answer (the request itself is not recalled). */
  signal?: AbortSignal;
  /** Overrides the peer's default timeout; 0 waits forever. */
  timeoutMs?: number;
}

/** Options of {@link JsonRpcPeer}. */
export interface JsonRpcPeerOptions {
  /** Default per-request timeout. Default 0 (none): turns can legitimately take long. */
  requestTimeoutMs?: number;
  /** Called for lines that are not JSON-RPC (logged, never fatal). */
  onProtocolError?: (line: string, reason: string) => void;
}

/** Answers a server → client request: return the result, or throw a {@link JsonRpcError} to answer with an error. */
export type ServerRequestHandler = (method: string, params: unknown, id: RequestId) => unknown | Promise<unknown>;

/** Receives notifications. */
export type NotificationListener = (method: string, params: unknown, raw: Record<string, unknown>) => void;

/** Called once when the channel is gone, after every pending request was rejected. */
export type CloseListener = (status: ExitStatus, reason: CodexTransportError) => void;

/** What a peer holds right now: a bounded, inspectable count (a host watches these for leaks). */
export interface PeerActivity {
  /** Requests waiting for an answer. */
  pendingRequests: number;
  /** Subscribed notification listeners. */
  notificationListeners: number;
  /** Subscribed close listeners. */
  closeListeners: number;
}

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  cleanup: () => void;
}

/**
 * JSON-RPC over a channel.
 *
 * @example
 * ```ts
 * const peer = new JsonRpcPeer(channel);
 * const result = await peer.request("model/list", {});
 * ```
 */
export class JsonRpcPeer {
  readonly #channel: Channel;
  readonly #options: JsonRpcPeerOptions;
  readonly #pending = new Map<RequestId, Pending>();
  readonly #listeners = new Set<NotificationListener>();
  readonly #closeListeners = new Set<CloseListener>();
  #serverRequestHandler: ServerRequestHandler | null = null;
  #nextId = 1;
  #closedReason: CodexTransportError | null = null;
  #status: ExitStatus | null = null;
  #outputEnded = false;
  /** Resolves with the exit status once the channel's process ended and every pending request was rejected. */
  readonly closed: Promise<ExitStatus>;

  /**
   * Creates a JSON-RPC peer over a channel.
   * @param channel The channel to speak over (the peer reads its `lines`).
   * @param options Timeouts and protocol-error reporting.
   */
  constructor(channel: Channel, options: JsonRpcPeerOptions = {}) {
    this.#channel = channel;
    this.#options = options;
    this.closed = this.#readLoop();
  }

  /** Whether the channel is gone, or going: codex closed its output, so no answer can arrive any more. */
  get isClosed(): boolean {
    return this.#closedReason !== null || this.#outputEnded;
  }

  /** How many requests and listeners the peer holds (constant between turns; growth means a leak). */
  get activity(): PeerActivity {
    return {
      pendingRequests: this.#pending.size,
      notificationListeners: this.#listeners.size,
      closeListeners: this.#closeListeners.size,
    };
  }

  /**
   * Sets the handler of server → client requests. Without one, requests get a method-not-found error.
   *
   * @param handler The handler.
   */
  setServerRequestHandler(handler: ServerRequestHandler | null): void {
    this.#serverRequestHandler = handler;
  }

  /**
   * Subscribes to notifications.
   *
   * @param listener Called for each notification, in arrival order.
   * @returns Unsubscribe.
   */
  onNotification(listener: NotificationListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Subscribes to the channel's end. Unlike chaining onto {@link JsonRpcPeer.closed}, unsubscribing releases the
   * listener (and whatever it holds) at once, so short-lived subscribers on a long-lived peer leave nothing behind.
   * When the peer is already closed the listener is called on the next microtask.
   *
   * @param listener Called once with the exit status and the transport error pending requests were rejected with.
   * @returns Unsubscribe.
   */
  onClose(listener: CloseListener): () => void {
    if (this.#closedReason && this.#status) {
      const status = this.#status;
      const reason = this.#closedReason;
      let active = true;
      queueMicrotask(() => active && listener(status, reason));
      return () => (active = false);
    }
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  /**
   * Sends a request and waits for its answer.
   *
   * @param method The method.
   * @param params Its params (omitted from the wire when `undefined`).
   * @param options Cancellation and timeout.
   * @returns The result.
   * @throws {JsonRpcError} When the server answers with an error.
   * @throws {CodexTransportError} When the channel is or becomes closed.
   * @throws {CodexTimeoutError} When the timeout passes.
   * @throws {CodexAbortError} When the signal aborts.
   */
  request<R = unknown>(method: string, params?: unknown, options: RequestOptions = {}): Promise<R> {
    if (this.#closedReason) {
      return Promise.reject(new CodexTransportError(`Cannot send ${method}: ${this.#closedReason.message}`));
    }
    if (this.#outputEnded) {
      return Promise.reject(new CodexTransportError(`Cannot send ${method}: codex app-server closed its output`));
    }
    if (options.signal?.aborted) {
      return Promise.reject(new CodexAbortError(`Cannot send ${method}: the signal was aborted`, { cause: options.signal.reason }));
    }
    const id = this.#nextId++;
    return new Promise<R>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => settle(new CodexAbortError(`${method} aborted: the signal was aborted`, { cause: options.signal?.reason }));
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        this.#pending.delete(id);
      };
      const settle = (err: unknown) => {
        cleanup();
        reject(err);
      };
      this.#pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, cleanup });
      const timeoutMs = options.timeoutMs ?? this.#options.requestTimeoutMs ?? 0;
      if (timeoutMs > 0) {
        timer = setTimeout(() => settle(new CodexTimeoutError(`${method} timed out after ${timeoutMs} ms`, timeoutMs)), timeoutMs);
      }
      options.signal?.addEventListener("abort", onAbort, { once: true });
      this.#send(params === undefined ? { id, method } : { id, method, params }).catch(settle);
    });
  }

  /**
   * Sends a notification (no answer).
   *
   * @param method The method.
   * @param params Its params.
   * @returns When written.
   * @throws {CodexTransportError} When the channel is closed.
   */
  notify(method: string, params?: unknown): Promise<void> {
    return this.#send(params === undefined ? { method } : { method, params });
  }

  /**
   * Closes stdin (app-server exits on EOF) and waits for the process; kills it after `graceMs`.
   *
   * @param graceMs How long to wait before killing. Default 2000.
   * @returns The exit status.
   */
  async close(graceMs = 2000): Promise<ExitStatus> {
    await this.#channel.closeStdin().catch(() => {});
    const timer = setTimeout(() => this.#channel.kill(), graceMs);
    try {
      return await this.closed;
    } finally {
      clearTimeout(timer);
    }
  }

  async #send(message: Record<string, unknown>): Promise<void> {
    if (this.#closedReason) throw new CodexTransportError(`Cannot send message: ${this.#closedReason.message}`);
    await this.#channel.write(JSON.stringify(message) + "\n");
  }

  #dispatch(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.#options.onProtocolError?.(line, "not JSON");
      return;
    }
    const message = classifyMessage(value);
    if (!message) {
      this.#options.onProtocolError?.(line, "not a JSON-RPC message");
      return;
    }
    switch (message.kind) {
      case "response":
      case "error": {
        const pending = message.id === null ? undefined : this.#pending.get(message.id);
        if (!pending) {
          this.#options.onProtocolError?.(line, "answer to an unknown request id");
          return;
        }
        pending.cleanup();
        if (message.kind === "response") pending.resolve(message.result);
        else pending.reject(new JsonRpcError(message.error, pending.method));
        return;
      }
      case "notification":
        for (const listener of [...this.#listeners]) listener(message.method, message.params, message.raw);
        return;
      case "request":
        void this.#answer(message.id, message.method, message.params);
        return;
    }
  }

  async #answer(id: RequestId, method: string, params: unknown): Promise<void> {
    let reply: Record<string, unknown>;
    try {
      if (!this.#serverRequestHandler) {
        throw new JsonRpcError({ code: -32601, message: `no handler for server request ${method}` });
      }
      reply = { id, result: (await this.#serverRequestHandler(method, params, id)) ?? {} };
    } catch (err) {
      const error: JsonRpcErrorObject = err instanceof JsonRpcError
        ? err.toJSON()
        : { code: -32603, message: (err as Error)?.message ?? String(err) };
      reply = { id, error };
    }
    await this.#send(reply).catch(() => {}); // the channel died: nothing left to answer
  }

  async #readLoop(): Promise<ExitStatus> {
    let failure: unknown = null;
    try {
      for await (const line of iterateStream(this.#channel.lines)) this.#dispatch(line);
    } catch (err) {
      failure = err; // e.g. an over-long line: the stream is unusable from here
      this.#channel.kill();
    }
    this.#outputEnded = true; // from here no answer can arrive: new requests fail at once instead of waiting
    const status = await this.#channel.exited;
    const how = status.signal ? `was killed by ${status.signal}` : `exited with code ${status.exitCode}`;
    const tail = status.stderrTail.trim().split("\n").slice(-3).join("\n");
    this.#closedReason = new CodexTransportError(
      `codex app-server ${how}${failure ? ` after ${(failure as Error).message}` : ""}${tail ? `: ${tail}` : ""}`,
      { cause: failure ?? undefined },
    );
    for (const pending of [...this.#pending.values()]) {
      pending.cleanup();
      pending.reject(new CodexTransportError(`Cannot complete ${pending.method}: ${this.#closedReason.message}`, {
        cause: this.#closedReason,
      }));
    }
    this.#status = status;
    const listeners = [...this.#closeListeners];
    this.#closeListeners.clear();
    for (const listener of listeners) {
      try {
        listener(status, this.#closedReason);
      } catch {
        // a listener's failure is its own; the others still learn that the channel is gone
      }
    }
    return status;
  }
}
