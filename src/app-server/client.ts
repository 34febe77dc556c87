/**
 * `AppServerClient`: spawns `codex app-server` through a transport, performs the `initialize` handshake, and offers
 * named helpers for the endpoints most programs need, on top of the typed {@link AppServerConnection}.
 *
 * @module
 */
import { CodexAbortError, CodexTransportError, type ExitStatus } from "../errors.ts";
import type { InitializeResponse } from "../gen/protocol.ts";

export type { InitializeResponse };
import { type Input, normalizeInput } from "../thread/input.ts";
import { toAppServerInput } from "./input.ts";
import { JsonRpcPeer } from "../jsonrpc/peer.ts";
import { type CodexOptions, CodexOptionsSchema, validateOptions } from "../options.ts";
import { SDK_VERSION } from "../sdk-version.ts";
import type { Transport } from "../transport.ts";
import type { ApprovalDecisions } from "../thread/approvals.ts";
import { AppServerEndpoints } from "./endpoints.ts";
import { TurnSession, type TurnSessionOptions } from "./turn-session.ts";

/** Options of {@link AppServerClient.connect}. */
export interface AppServerClientOptions extends Omit<CodexOptions, "strict"> {
  /** Sent in `initialize`; `name` becomes codex's originator. Default `{ name: "codexkit_sdk_ts" }`. */
  clientInfo?: { name: string; title?: string | null; version?: string };
  /** Opt into experimental methods and fields. */
  experimentalApi?: boolean;
  /** Notification methods the server should not send (e.g. deltas you do not use). */
  optOutNotificationMethods?: string[];
  /** Decisions for approval requests outside a turn session. Default: decline everything. */
  approvals?: ApprovalDecisions;
  /** Default timeout per request, 0 for none. Default 0 (turn requests return fast; waits are on notifications). */
  requestTimeoutMs?: number;
  /** Cancels connecting. */
  signal?: AbortSignal;
}

/**
 * A client of `codex app-server` (JSON-RPC over JSONL on the app-server's stdio).
 *
 * @example
 * ```ts
 * await using client = await AppServerClient.connect({ transport: new NodeTransport() });
 * const { thread } = await client.startThread({ cwd: "/path/to/repo" });
 * const session = await client.turnSession(thread.id, "Say hi");
 * const { turn } = await session.wait();
 * ```
 */
export class AppServerClient extends AppServerEndpoints implements AsyncDisposable {
  /** What `initialize` returned (userAgent, codexHome, platform). */
  readonly info: InitializeResponse;

  /**
   * Use {@link AppServerClient.connect}.
   *
   * @param peer The JSON-RPC peer.
   * @param info The initialize result.
   * @param approvals Default approval decisions.
   */
  protected constructor(peer: JsonRpcPeer, info: InitializeResponse, approvals?: ApprovalDecisions) {
    super(peer, approvals);
    this.info = info;
  }

  /**
   * The transport used when none is passed; runtime entry points override it.
   *
   * @param _options The options.
   * @returns A transport.
   * @throws {CodexTransportError} In the runtime-neutral core.
   */
  static createDefaultTransport(_options: AppServerClientOptions): Transport {
    throw new CodexTransportError(
      'Cannot start codex app-server: no transport configured. Pass `transport`, or import AppServerClient from "@codexkit/sdk/node", "@codexkit/sdk/deno" or "@codexkit/sdk/bun"',
    );
  }

  /**
   * Starts `codex app-server` and performs the handshake (`initialize`, then `initialized`).
   *
   * @param options Transport, codex options, client info and approvals.
   * @returns The connected client.
   * @throws {CodexOptionsError} When an option is invalid.
   * @throws {CodexTransportError} When codex cannot start or exits during the handshake.
   * @example
   * ```ts
   * const client = await AppServerClient.connect({ transport, codexHome: "/tmp/home" });
   * ```
   */
  static async connect(options: AppServerClientOptions = {}): Promise<AppServerClient> {
    const {
      transport: given,
      clientInfo,
      experimentalApi,
      optOutNotificationMethods,
      approvals,
      requestTimeoutMs,
      signal,
      maxLineBytes: _maxLineBytes,
      ...launch
    } = options;
    validateOptions(CodexOptionsSchema, launch);
    if (signal?.aborted) throw new CodexAbortError("Cannot connect: the signal was aborted", { cause: signal.reason });
    const transport = given ?? this.createDefaultTransport(options);
    const channel = await transport.open({ mode: "app-server", options: launch }, signal ? { signal } : {});
    const peer = new JsonRpcPeer(channel, requestTimeoutMs ? { requestTimeoutMs } : {});
    try {
      const info = await peer.request<InitializeResponse>("initialize", {
        clientInfo: {
          name: clientInfo?.name ?? "codexkit_sdk_ts",
          title: clientInfo?.title ?? null,
          version: clientInfo?.version ?? SDK_VERSION,
        },
        capabilities: {
          experimentalApi: experimentalApi ?? false,
          ...(optOutNotificationMethods ? { optOutNotificationMethods } : {}),
        },
      }, signal ? { signal } : {});
      await peer.notify("initialized");
      // `this`, so a runtime entry's subclass (with its default transport) is what connect() returns
      return new this(peer, info, approvals);
    } catch (err) {
      channel.kill();
      await peer.closed;
      throw err;
    }
  }

  /**
   * Stops the app-server (stdin EOF, then kill after a grace period) and rejects anything still pending.
   *
   * @returns The exit status.
   */
  close(): Promise<ExitStatus> {
    return this.peer.close();
  }

  /** Closes the client (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Starts a turn and streams it: notifications as an async iterator, approvals answered by policy, `wait()` for
   * the completed turn.
   *
   * @param threadId The thread.
   * @param input A prompt or input parts (text, images, local images, skills).
   * @param options Approvals and extra `turn/start` params.
   * @returns The running session.
   * @example
   * ```ts
   * const session = await client.turnSession(threadId, "Fix it", { approvals: { fileChange: "accept" } });
   * ```
   */
  turnSession(threadId: string, input: Input, options: TurnSessionOptions = {}): Promise<TurnSession> {
    const parts = toAppServerInput(normalizeInput(input).parts);
    return new TurnSession(this, threadId).start(parts, options);
  }
}
