/**
 * `AppServerClient`: spawns `codex app-server` through a transport, performs the `initialize` handshake, and offers
 * named helpers for the endpoints most programs need, on top of the typed {@link AppServerConnection}.
 *
 * @module
 */
import { CodexAbortError, CodexTransportError, type ExitStatus } from "../errors.ts";
import type { InitializeResponse } from "../gen/protocol.ts";
import { type Input, normalizeInput, toAppServerInput } from "../exec/input.ts";
import { JsonRpcPeer } from "../jsonrpc/peer.ts";
import { type CodexOptions, CodexOptionsSchema, validateOptions } from "../options.ts";
import type { Transport } from "../transport.ts";
import type { ApprovalDecisions } from "./approvals.ts";
import { AppServerConnection, type ParamsOf, type ResultOf } from "./connection.ts";
import { TurnSession, type TurnSessionOptions } from "./turn-session.ts";

/** The SDK's own version, reported as `clientInfo.version` by default. */
export const SDK_VERSION = "0.1.0";

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
 * const { thread } = await client.startThread({ cwd: process.cwd() });
 * const session = await client.turnSession(thread.id, "Say hi");
 * const { turn } = await session.wait();
 * ```
 */
export class AppServerClient extends AppServerConnection implements AsyncDisposable {
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
      'Cannot start codex app-server: no transport configured. Pass `transport`, or use `codex.connectAppServer()` with a Codex from "@codexkit/sdk/node"',
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
      return new AppServerClient(peer, info, approvals);
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

  // ---- threads -------------------------------------------------------------------------------------------------

  /** @param params `thread/start` params. @returns The new thread and its settings. */
  startThread(params: ParamsOf<"thread/start"> = {}): Promise<ResultOf<"thread/start">> {
    return this.request("thread/start", params);
  }
  /** @param params `thread/resume` params (`threadId`). @returns The resumed thread. */
  resumeThread(params: ParamsOf<"thread/resume">): Promise<ResultOf<"thread/resume">> {
    return this.request("thread/resume", params);
  }
  /** @param params `thread/fork` params (`threadId`). @returns The forked thread. */
  forkThread(params: ParamsOf<"thread/fork">): Promise<ResultOf<"thread/fork">> {
    return this.request("thread/fork", params);
  }
  /** @param params `thread/list` params (paging, filters). @returns A page of threads. */
  listThreads(params: ParamsOf<"thread/list"> = {}): Promise<ResultOf<"thread/list">> {
    return this.request("thread/list", params);
  }
  /** @param params `thread/read` params. @returns The thread. */
  readThread(params: ParamsOf<"thread/read">): Promise<ResultOf<"thread/read">> {
    return this.request("thread/read", params);
  }
  /** @param params `thread/archive` params. @returns `{}`. */
  archiveThread(params: ParamsOf<"thread/archive">): Promise<ResultOf<"thread/archive">> {
    return this.request("thread/archive", params);
  }
  /** @param params `thread/unarchive` params. @returns The thread. */
  unarchiveThread(params: ParamsOf<"thread/unarchive">): Promise<ResultOf<"thread/unarchive">> {
    return this.request("thread/unarchive", params);
  }
  /** Rolls a thread back to before a turn (`thread/revert`, formerly `thread/rollback`). @param params `threadId`, `beforeTurnId`. @returns The result. */
  revertThread(params: ParamsOf<"thread/revert">): Promise<ResultOf<"thread/revert">> {
    return this.request("thread/revert", params);
  }
  /** @param params `thread/loaded/list` params. @returns Ids of threads loaded in memory. */
  listLoadedThreads(params: ParamsOf<"thread/loaded/list"> = {}): Promise<ResultOf<"thread/loaded/list">> {
    return this.request("thread/loaded/list", params);
  }

  // ---- turns and review ----------------------------------------------------------------------------------------

  /** @param params `turn/start` params. @returns The started turn (prefer {@link turnSession}). */
  startTurn(params: ParamsOf<"turn/start">): Promise<ResultOf<"turn/start">> {
    return this.request("turn/start", params);
  }
  /** @param params `threadId`, `turnId`. @returns `{}`; the turn then completes as `interrupted`. */
  interruptTurn(params: ParamsOf<"turn/interrupt">): Promise<ResultOf<"turn/interrupt">> {
    return this.request("turn/interrupt", params);
  }
  /** @param params `threadId`, `expectedTurnId`, `input`. @returns The turn id. */
  steerTurn(params: ParamsOf<"turn/steer">): Promise<ResultOf<"turn/steer">> {
    return this.request("turn/steer", params);
  }
  /** @param params `threadId`, `target`. @returns The review turn. */
  startReview(params: ParamsOf<"review/start">): Promise<ResultOf<"review/start">> {
    return this.request("review/start", params);
  }

  // ---- config, skills, models, commands --------------------------------------------------------------------------

  /** @param params `config/read` params. @returns The effective config. */
  readConfig(params: ParamsOf<"config/read"> = {}): Promise<ResultOf<"config/read">> {
    return this.request("config/read", params);
  }
  /** @param params `keyPath`, `value`, `mergeStrategy`. @returns The written file and version. */
  writeConfigValue(params: ParamsOf<"config/value/write">): Promise<ResultOf<"config/value/write">> {
    return this.request("config/value/write", params);
  }
  /** @param params `edits`. @returns The written file and version. */
  batchWriteConfig(params: ParamsOf<"config/batchWrite">): Promise<ResultOf<"config/batchWrite">> {
    return this.request("config/batchWrite", params);
  }
  /** @returns Managed config requirements. */
  readConfigRequirements(): Promise<ResultOf<"configRequirements/read">> {
    return this.request("configRequirements/read");
  }
  /** @param params `cwds`, `forceReload`. @returns Skills per directory. */
  listSkills(params: ParamsOf<"skills/list"> = {}): Promise<ResultOf<"skills/list">> {
    return this.request("skills/list", params);
  }
  /** @param params Paging and filters. @returns Available models. */
  listModels(params: ParamsOf<"model/list"> = {}): Promise<ResultOf<"model/list">> {
    return this.request("model/list", params);
  }
  /** @param params `command` (argv), `cwd`, `timeoutMs`, … @returns Exit code, stdout, stderr. */
  execCommand(params: ParamsOf<"command/exec">): Promise<ResultOf<"command/exec">> {
    return this.request("command/exec", params);
  }

  // ---- MCP ---------------------------------------------------------------------------------------------------------

  /** @param params The MCP server name. @returns The login URL. */
  mcpOauthLogin(params: ParamsOf<"mcpServer/oauth/login">): Promise<ResultOf<"mcpServer/oauth/login">> {
    return this.request("mcpServer/oauth/login", params);
  }
  /** Reloads MCP server configuration (`config/mcpServer/reload`). @returns The result. */
  refreshMcpServers(): Promise<ResultOf<"config/mcpServer/reload">> {
    return this.request("config/mcpServer/reload");
  }
  /** @param params Paging. @returns MCP servers and their status. */
  listMcpServerStatus(params: ParamsOf<"mcpServerStatus/list"> = {}): Promise<ResultOf<"mcpServerStatus/list">> {
    return this.request("mcpServerStatus/list", params);
  }

  // ---- account and feedback ------------------------------------------------------------------------------------------

  /** @param params `{ type: "apiKey", apiKey }`, `{ type: "chatgpt" }`, … @returns Login details. */
  startLogin(params: ParamsOf<"account/login/start">): Promise<ResultOf<"account/login/start">> {
    return this.request("account/login/start", params);
  }
  /** @param params `loginId`. @returns The result. */
  cancelLogin(params: ParamsOf<"account/login/cancel">): Promise<ResultOf<"account/login/cancel">> {
    return this.request("account/login/cancel", params);
  }
  /** @returns `{}`. */
  logout(): Promise<ResultOf<"account/logout">> {
    return this.request("account/logout");
  }
  /** @returns Rate limits (ChatGPT auth only). */
  readRateLimits(): Promise<ResultOf<"account/rateLimits/read">> {
    return this.request("account/rateLimits/read", {});
  }
  /** @param params `refreshToken`. @returns The account. */
  readAccount(params: ParamsOf<"account/read"> = {}): Promise<ResultOf<"account/read">> {
    return this.request("account/read", params);
  }
  /** @param params Feedback. @returns The upload result. */
  uploadFeedback(params: ParamsOf<"feedback/upload">): Promise<ResultOf<"feedback/upload">> {
    return this.request("feedback/upload", params);
  }
}
