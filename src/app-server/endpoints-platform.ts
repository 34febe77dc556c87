/**
 * Named helpers for the app-server endpoints the Python SDK added after 0.87 (thread unsubscribe and shell commands,
 * apps, plugins, collaboration modes) and those codex 0.171 added (default model provider, streamed thread search,
 * realtime thread lists). Experimental methods (marked so) need `AppServerClient.connect({ experimentalApi: true })`;
 * without it codex answers with a {@link JsonRpcError}.
 *
 * @module
 */
import type { ExperimentalClientRequestMap } from "../gen/protocol.ts";
import type { RequestOptions } from "../jsonrpc/peer.ts";
import type { ParamsOf, ResultOf } from "./connection.ts";
import { AppServerFsEndpoints } from "./endpoints-fs.ts";

/** An experimental client method name (see `ExperimentalClientRequestMap`). */
export type ExperimentalMethod = keyof ExperimentalClientRequestMap;
/** Params of an experimental method. */
export type ExperimentalParamsOf<M extends ExperimentalMethod> = ExperimentalClientRequestMap[M]["params"];
/** Result of an experimental method. */
export type ExperimentalResultOf<M extends ExperimentalMethod> = ExperimentalClientRequestMap[M]["result"];

/** Thread, app, plugin and collaboration-mode helpers. Use {@link AppServerClient}. */
export class AppServerPlatformEndpoints extends AppServerFsEndpoints {
  /**
   * Sends a typed experimental request (the client must have connected with `experimentalApi: true`).
   *
   * @param method An experimental method.
   * @param params Its params.
   * @param options Cancellation and timeout.
   * @returns The typed result.
   * @throws {JsonRpcError} When the server rejects it (also when the experimental API is off).
   * @example
   * ```ts
   * const { data } = await client.requestExperimental("collaborationMode/list", {});
   * ```
   */
  requestExperimental<M extends ExperimentalMethod>(
    method: M,
    params: ExperimentalParamsOf<M>,
    options?: RequestOptions,
  ): Promise<ExperimentalResultOf<M>> {
    return this.requestUntyped(method, params, options) as Promise<ExperimentalResultOf<M>>;
  }

  /**
   * Calls `thread/read` (the Python SDK's name; same as `readThread`).
   * @param params `threadId`, `includeTurns`.
   * @returns The thread.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { thread } = await client.threadRead({ threadId });
   * ```
   */
  threadRead(params: ParamsOf<"thread/read">): Promise<ResultOf<"thread/read">> {
    return this.request("thread/read", params);
  }
  /**
   * Calls `thread/unsubscribe`: this connection stops receiving the thread's notifications (codex unloads a thread
   * nobody subscribes to after a while).
   * @param params `threadId`.
   * @returns `{ status: "unsubscribed" | "notSubscribed" | "notLoaded" }`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { status } = await client.threadUnsubscribe({ threadId });
   * ```
   */
  threadUnsubscribe(params: ParamsOf<"thread/unsubscribe">): Promise<ResultOf<"thread/unsubscribe">> {
    return this.request("thread/unsubscribe", params);
  }
  /**
   * Calls `thread/shellCommand`: runs a shell command in the thread, **unsandboxed** (as a user's `!cmd`), as its
   * own turn when none is running (`commandExecution` item with `source: "userShell"`).
   * @param params `threadId`, `command` (a shell string), `timeoutMs`.
   * @returns `{}`; the output arrives as item notifications.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.threadShellCommand({ threadId, command: "git status" });
   * ```
   */
  threadShellCommand(params: ParamsOf<"thread/shellCommand">): Promise<ResultOf<"thread/shellCommand">> {
    return this.request("thread/shellCommand", params);
  }
  /**
   * Calls `turn/steer` (the Python SDK's name; same as `steerTurn`).
   * @param params `threadId`, `expectedTurnId`, `input`.
   * @returns The turn id.
   * @throws {JsonRpcError} When no turn is running (`no active turn to steer`) or the turn cannot be steered.
   * @example
   * ```ts
   * await client.turnSteer({ threadId, expectedTurnId: turnId, input: [{ type: "text", text: "also…" }] });
   * ```
   */
  turnSteer(params: ParamsOf<"turn/steer">): Promise<ResultOf<"turn/steer">> {
    return this.request("turn/steer", params);
  }
  /**
   * Calls `app/list`.
   * @param params Paging, `threadId`, `forceRefetch`.
   * @returns A page of apps.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { data } = await client.appList({});
   * ```
   */
  appList(params: ParamsOf<"app/list"> = {}): Promise<ResultOf<"app/list">> {
    return this.request("app/list", params);
  }
  /**
   * Calls `plugin/list`.
   * @param params `cwds`, `forceRefetch`, `marketplaceKinds`.
   * @returns Marketplaces and their plugins.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const result = await client.pluginList({ cwds: ["/repo"] });
   * ```
   */
  pluginList(params: ParamsOf<"plugin/list"> = {}): Promise<ResultOf<"plugin/list">> {
    return this.request("plugin/list", params);
  }
  /**
   * Calls `plugin/read`.
   * @param params `pluginName`, `marketplacePath` or `remoteMarketplaceName`.
   * @returns The plugin.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { plugin } = await client.pluginRead({ pluginName: "linter" });
   * ```
   */
  pluginRead(params: ParamsOf<"plugin/read">): Promise<ResultOf<"plugin/read">> {
    return this.request("plugin/read", params);
  }
  /**
   * Calls `plugin/install`.
   * @param params `pluginName`, `marketplacePath` or `remoteMarketplaceName`.
   * @returns The install result.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.pluginInstall({ pluginName: "linter", marketplacePath: "/repo/.codex/marketplace.json" });
   * ```
   */
  pluginInstall(params: ParamsOf<"plugin/install">): Promise<ResultOf<"plugin/install">> {
    return this.request("plugin/install", params);
  }
  /**
   * Calls `plugin/uninstall`.
   * @param params The plugin.
   * @returns The result.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.pluginUninstall({ pluginId: "linter@local" });
   * ```
   */
  pluginUninstall(params: ParamsOf<"plugin/uninstall">): Promise<ResultOf<"plugin/uninstall">> {
    return this.request("plugin/uninstall", params);
  }
  /**
   * Calls `modelProvider/default/set` (codex ≥ 0.171): the provider new threads use.
   * @param params `providerId`.
   * @returns The result.
   * @throws {JsonRpcError} When the app-server rejects the request (older codex: unknown method).
   * @example
   * ```ts
   * await client.setDefaultModelProvider({ providerId: "openai" });
   * ```
   */
  setDefaultModelProvider(params: ParamsOf<"modelProvider/default/set">): Promise<ResultOf<"modelProvider/default/set">> {
    return this.request("modelProvider/default/set", params);
  }
  /**
   * Calls `collaborationMode/list` (experimental): the preset modes (`plan`, `default`, …) a turn can run in.
   * @returns `{ data }`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { data } = await client.collaborationModeList();
   * ```
   */
  collaborationModeList(): Promise<ExperimentalResultOf<"collaborationMode/list">> {
    return this.requestExperimental("collaborationMode/list", {});
  }
  /**
   * Calls `thread/search/stream` (experimental, codex ≥ 0.171): results arrive as `thread/search/partial`
   * notifications; cancel with {@link cancelThreadSearchStream}.
   * @param params `searchTerm`, filters, paging.
   * @returns The search's answer.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * client.on("thread/search/partial", (p) => console.log(p));
   * await client.streamThreadSearch({ searchTerm: "parser" });
   * ```
   */
  streamThreadSearch(params: ExperimentalParamsOf<"thread/search/stream">): Promise<ExperimentalResultOf<"thread/search/stream">> {
    return this.requestExperimental("thread/search/stream", params);
  }
  /**
   * Calls `thread/search/stream/cancel` (experimental, codex ≥ 0.171).
   * @param params `requestId` of the `thread/search/stream` request.
   * @returns `{}`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.cancelThreadSearchStream({ requestId });
   * ```
   */
  cancelThreadSearchStream(params: ExperimentalParamsOf<"thread/search/stream/cancel">): Promise<ExperimentalResultOf<"thread/search/stream/cancel">> {
    return this.requestExperimental("thread/search/stream/cancel", params);
  }
  /**
   * Calls `thread/search/cancel` (experimental, codex ≥ 0.171): cancels a running `thread/search`.
   * @param params `requestId` of the `thread/search` request.
   * @returns `{}`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.cancelThreadSearch({ requestId });
   * ```
   */
  cancelThreadSearch(params: ExperimentalParamsOf<"thread/search/cancel">): Promise<ExperimentalResultOf<"thread/search/cancel">> {
    return this.requestExperimental("thread/search/cancel", params);
  }
  /**
   * Calls `thread/realtime/list` (experimental, codex ≥ 0.171): a thread's realtime session entries.
   * @param params `threadId`, paging and filters.
   * @returns A page of entries.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const page = await client.listThreadRealtime({ threadId });
   * ```
   */
  listThreadRealtime(params: ExperimentalParamsOf<"thread/realtime/list">): Promise<ExperimentalResultOf<"thread/realtime/list">> {
    return this.requestExperimental("thread/realtime/list", params);
  }
}
