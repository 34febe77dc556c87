/**
 * A typed connection to `codex app-server`: requests over the generated method table, notification subscriptions
 * (callbacks and async iterators, filtered per thread/turn), and server → client request handlers with approvals
 * declined by default.
 *
 * @module
 */
import type { ExitStatus } from "../errors.ts";
import { JsonRpcError } from "../jsonrpc/error.ts";
import type { ClientRequestMap, ServerNotificationMap, ServerRequestMap } from "../gen/protocol.ts";

export type { ClientRequestMap, ServerNotificationMap, ServerRequestMap };
import type { CloseListener, JsonRpcPeer, PeerActivity, RequestOptions } from "../jsonrpc/peer.ts";

export type { CloseListener, PeerActivity };
import type { ApprovalDecisions } from "../thread/approvals.ts";
import { answerApproval, APPROVAL_METHODS } from "./approvals.ts";
import {
  type AppServerNotification,
  AsyncQueue,
  matchesFilter,
  type NotificationFilter,
  threadIdOf,
} from "./notifications.ts";

/** A typed client method name. */
export type ClientMethod = keyof ClientRequestMap;
/** Params of a client method. */
export type ParamsOf<M extends ClientMethod> = ClientRequestMap[M]["params"];
/** Result of a client method. */
export type ResultOf<M extends ClientMethod> = ClientRequestMap[M]["result"];
/** Arguments after the method: params (optional when the method has none) and request options. */
export type RequestArgs<M extends ClientMethod> = ParamsOf<M> extends undefined
  ? [params?: undefined, options?: RequestOptions]
  : [params: ParamsOf<M>, options?: RequestOptions];

/** Handles one kind of server → client request; return its result. */
export type ServerRequestCallback<M extends keyof ServerRequestMap> = (
  params: ServerRequestMap[M]["params"],
) => ServerRequestMap[M]["result"] | Promise<ServerRequestMap[M]["result"]>;

/** Options of {@link AppServerConnection.notifications}. */
export interface NotificationStreamOptions extends NotificationFilter {
  /** Ends the iteration. */
  signal?: AbortSignal;
}

/**
 * The typed JSON-RPC layer of the app-server client. Use {@link AppServerClient}, which adds the handshake and
 * named helpers.
 */
export class AppServerConnection {
  /** The underlying JSON-RPC peer. */
  protected readonly peer: JsonRpcPeer;
  readonly #handlers = new Map<string, (params: unknown) => unknown>();
  readonly #threadApprovals = new Map<string, ApprovalDecisions>();
  #defaultApprovals: ApprovalDecisions;

  /**
   * Creates a connection over a JSON-RPC peer.
   * @param peer A peer over an app-server channel.
   * @param approvals Decisions for approval requests no thread-specific policy covers (default: decline all).
   */
  constructor(peer: JsonRpcPeer, approvals: ApprovalDecisions = {}) {
    this.peer = peer;
    this.#defaultApprovals = approvals;
    peer.setServerRequestHandler((method, params) => this.#onServerRequest(method, params));
  }

  /** Resolves with the app-server's exit status once it has exited. */
  get closed(): Promise<ExitStatus> {
    return this.peer.closed;
  }

  /** Whether the app-server is gone (or has closed its output and is going): requests fail at once. */
  get isClosed(): boolean {
    return this.peer.isClosed;
  }

  /**
   * What the connection holds right now: pending requests, notification and close listeners. Between turns these
   * are back to their resting values whatever the number of turns run; a host can watch them for leaks.
   *
   * @example
   * ```ts
   * const { pendingRequests, notificationListeners } = client.activity;
   * ```
   */
  get activity(): PeerActivity {
    return this.peer.activity;
  }

  /**
   * Subscribes to the app-server's exit. Prefer this to `closed.then(...)` in anything short-lived: unsubscribing
   * releases the listener, where a reaction on `closed` lives (with all it references) until the app-server exits.
   *
   * @param listener Called once with the exit status and the error pending requests were rejected with.
   * @returns Unsubscribe.
   * @example
   * ```ts
   * const off = client.onClose((status) => console.log("app-server exited", status.exitCode, status.signal));
   * ```
   */
  onClose(listener: CloseListener): () => void {
    return this.peer.onClose(listener);
  }

  /**
   * Sends a typed request.
   *
   * @param method A method of the generated table.
   * @param args Its params (send `{}` when every field is optional) and request options.
   * @returns The typed result.
   * @throws {JsonRpcError} When the server answers with an error.
   * @throws {CodexTransportError} When the app-server is gone.
   * @example
   * ```ts
   * const { data } = await client.request("model/list", {});
   * ```
   */
  request<M extends ClientMethod>(method: M, ...args: RequestArgs<M>): Promise<ResultOf<M>> {
    const [params, options] = args;
    return this.peer.request<ResultOf<M>>(method, params, options);
  }

  /**
   * Sends any request, including experimental methods outside the generated stable table.
   *
   * @param method Method name.
   * @param params Params.
   * @param options Cancellation and timeout.
   * @returns The untyped result.
   * @throws {JsonRpcError} When the server answers with an error.
   * @example
   * ```ts
   * await client.requestUntyped("collaborationMode/list", {});
   * ```
   */
  requestUntyped(method: string, params?: unknown, options?: RequestOptions): Promise<unknown> {
    return this.peer.request(method, params, options);
  }

  /**
   * Subscribes to one notification method (or `"*"` for all), optionally for one thread or turn.
   *
   * @param method The method, or `"*"`.
   * @param handler Called with the params.
   * @param filter Thread/turn filter.
   * @returns Unsubscribe.
   * @example
   * ```ts
   * const off = client.on("item/agentMessage/delta", (p) => console.log(p.delta));
   * ```
   */
  on<M extends keyof ServerNotificationMap>(
    method: M | "*",
    handler: (params: ServerNotificationMap[M], method: string) => void,
    filter: NotificationFilter = {},
  ): () => void {
    return this.peer.onNotification((m, params) => {
      if ((method === "*" || m === method) && matchesFilter(filter, m, params)) {
        handler(params as ServerNotificationMap[M], m);
      }
    });
  }

  /**
   * Iterates notifications (buffered from the moment of the call) until the signal aborts or the app-server exits.
   *
   * @param options Filter and signal.
   * @returns An async iterable of notifications.
   * @example
   * ```ts
   * for await (const n of client.notifications({ threadId })) if (n.method === "turn/completed") break;
   * ```
   */
  notifications(options: NotificationStreamOptions = {}): AsyncIterable<AppServerNotification> {
    const queue = new AsyncQueue<AppServerNotification>();
    const off = this.peer.onNotification((method, params) => {
      if (matchesFilter(options, method, params)) queue.push({ method, params } as AppServerNotification);
    });
    const { signal } = options;
    // No reaction on `closed`: it would keep this queue (and every notification buffered in it) alive until the
    // app-server exits. A close listener and the abort listener are both removed when the iteration ends.
    const finish = () => {
      off();
      offClose();
      signal?.removeEventListener("abort", finish);
      queue.end();
    };
    const offClose = this.peer.onClose(finish);
    if (signal?.aborted) finish();
    else signal?.addEventListener("abort", finish, { once: true });
    queue.onReturn(finish);
    return queue;
  }

  /**
   * Handles one kind of server → client request (replacing the default). Approval methods default to the
   * connection's / thread's {@link ApprovalDecisions}; other requests without a handler get a JSON-RPC error.
   *
   * @param method The server-request method.
   * @param handler Returns the result.
   * @returns Removes the handler.
   * @example
   * ```ts
   * client.handleServerRequest("item/tool/call", async (p) => ({ contentItems: [], success: true }));
   * ```
   */
  handleServerRequest<M extends keyof ServerRequestMap>(method: M, handler: ServerRequestCallback<M>): () => void {
    this.#handlers.set(method, handler as (params: unknown) => unknown);
    return () => this.#handlers.delete(method);
  }

  /**
   * Sets the approval decisions for requests of one thread (used by turn sessions and the Thread backend).
   *
   * @param threadId The thread.
   * @param approvals Its decisions, or `null` to fall back to the connection's.
   */
  setThreadApprovals(threadId: string, approvals: ApprovalDecisions | null): void {
    if (approvals) this.#threadApprovals.set(threadId, approvals);
    else this.#threadApprovals.delete(threadId);
  }

  /**
   * Sets the decisions for approval requests no thread-specific policy covers.
   *
   * @param approvals The decisions (an empty object declines everything).
   */
  setDefaultApprovals(approvals: ApprovalDecisions): void {
    this.#defaultApprovals = approvals;
  }

  async #onServerRequest(method: string, params: unknown): Promise<unknown> {
    const handler = this.#handlers.get(method);
    if (handler) return await handler(params);
    if (APPROVAL_METHODS.includes(method)) {
      const threadId = threadIdOf(params);
      const decisions = (threadId && this.#threadApprovals.get(threadId)) || this.#defaultApprovals;
      return await answerApproval(method, params, decisions);
    }
    throw new JsonRpcError({ code: -32601, message: `@codexkit/sdk has no handler for ${method}` });
  }
}
