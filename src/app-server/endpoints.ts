/**
 * Named helpers for the app-server endpoints most programs need (the Python SDK's list), each a typed call of
 * {@link AppServerConnection.request}. Summaries name the JSON-RPC method; params and results are the generated
 * protocol types.
 *
 * @module
 */
import type { ParamsOf, ResultOf } from "./connection.ts";
import { AppServerPlatformEndpoints } from "./endpoints-platform.ts";

/** The app-server endpoints as named methods. Use {@link AppServerClient}. */
export class AppServerEndpoints extends AppServerPlatformEndpoints {
  // ---- threads -------------------------------------------------------------------------------------------------

  /**
   * Calls `thread/start`.
   *
   * @param params `thread/start` params.
   * @returns The new thread and its settings.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { thread } = await client.startThread({ cwd: "/repo", approvalPolicy: "on-request" });
   * ```
   */
  startThread(params: ParamsOf<"thread/start"> = {}): Promise<ResultOf<"thread/start">> {
    return this.request("thread/start", params);
  }
  /**
   * Calls `thread/resume`.
   *
   * @param params `thread/resume` params (`threadId`).
   * @returns The resumed thread.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { thread } = await client.resumeThread({ threadId });
   * ```
   */
  resumeThread(params: ParamsOf<"thread/resume">): Promise<ResultOf<"thread/resume">> {
    return this.request("thread/resume", params);
  }
  /**
   * Calls `thread/fork`.
   *
   * @param params `thread/fork` params (`threadId`).
   * @returns The forked thread.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { thread: fork } = await client.forkThread({ threadId });
   * ```
   */
  forkThread(params: ParamsOf<"thread/fork">): Promise<ResultOf<"thread/fork">> {
    return this.request("thread/fork", params);
  }
  /**
   * Calls `thread/list`.
   *
   * @param params `thread/list` params (paging, filters).
   * @returns A page of threads.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { data, nextCursor } = await client.listThreads({ limit: 20 });
   * ```
   */
  listThreads(params: ParamsOf<"thread/list"> = {}): Promise<ResultOf<"thread/list">> {
    return this.request("thread/list", params);
  }
  /**
   * Calls `thread/read`.
   *
   * @param params `thread/read` params.
   * @returns The thread.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { thread } = await client.readThread({ threadId });
   * ```
   */
  readThread(params: ParamsOf<"thread/read">): Promise<ResultOf<"thread/read">> {
    return this.request("thread/read", params);
  }
  /**
   * Calls `thread/archive`.
   *
   * @param params `thread/archive` params.
   * @returns `{}`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.archiveThread({ threadId });
   * ```
   */
  archiveThread(params: ParamsOf<"thread/archive">): Promise<ResultOf<"thread/archive">> {
    return this.request("thread/archive", params);
  }
  /**
   * Calls `thread/unarchive`.
   *
   * @param params `thread/unarchive` params.
   * @returns The thread.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.unarchiveThread({ threadId });
   * ```
   */
  unarchiveThread(params: ParamsOf<"thread/unarchive">): Promise<ResultOf<"thread/unarchive">> {
    return this.request("thread/unarchive", params);
  }
  /**
   * Rolls a thread back to before a turn (`thread/revert`, formerly `thread/rollback`).
   *
   * @param params `threadId`, `beforeTurnId`.
   * @returns The result.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.revertThread({ threadId, beforeTurnId: turnId });
   * ```
   */
  revertThread(params: ParamsOf<"thread/revert">): Promise<ResultOf<"thread/revert">> {
    return this.request("thread/revert", params);
  }
  /**
   * Calls `thread/loaded/list`.
   *
   * @param params `thread/loaded/list` params.
   * @returns Ids of threads loaded in memory.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { data: ids } = await client.listLoadedThreads();
   * ```
   */
  listLoadedThreads(params: ParamsOf<"thread/loaded/list"> = {}): Promise<ResultOf<"thread/loaded/list">> {
    return this.request("thread/loaded/list", params);
  }

  // ---- turns and review ----------------------------------------------------------------------------------------

  /**
   * Calls `turn/start`.
   *
   * @param params `turn/start` params.
   * @returns The started turn (prefer {@link turnSession}).
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { turn } = await client.startTurn({ threadId, input: [{ type: "text", text: "hi" }] });
   * ```
   */
  startTurn(params: ParamsOf<"turn/start">): Promise<ResultOf<"turn/start">> {
    return this.request("turn/start", params);
  }
  /**
   * Calls `turn/interrupt`.
   *
   * @param params `threadId`, `turnId`.
   * @returns `{}`; the turn then completes as `interrupted`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.interruptTurn({ threadId, turnId });
   * ```
   */
  interruptTurn(params: ParamsOf<"turn/interrupt">): Promise<ResultOf<"turn/interrupt">> {
    return this.request("turn/interrupt", params);
  }
  /**
   * Calls `turn/steer`.
   *
   * @param params `threadId`, `expectedTurnId`, `input`.
   * @returns The turn id.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.steerTurn({ threadId, expectedTurnId: turnId, input: [{ type: "text", text: "also…" }] });
   * ```
   */
  steerTurn(params: ParamsOf<"turn/steer">): Promise<ResultOf<"turn/steer">> {
    return this.request("turn/steer", params);
  }
  /**
   * Calls `review/start`.
   *
   * @param params `threadId`, `target`.
   * @returns The review turn.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.startReview({ threadId, target: { type: "uncommittedChanges" } });
   * ```
   */
  startReview(params: ParamsOf<"review/start">): Promise<ResultOf<"review/start">> {
    return this.request("review/start", params);
  }

  // ---- config, skills, models, commands --------------------------------------------------------------------------

  /**
   * Calls `config/read`.
   *
   * @param params `config/read` params.
   * @returns The effective config.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { config } = await client.readConfig({});
   * ```
   */
  readConfig(params: ParamsOf<"config/read"> = {}): Promise<ResultOf<"config/read">> {
    return this.request("config/read", params);
  }
  /**
   * Calls `config/value/write`.
   *
   * @param params `keyPath`, `value`, `mergeStrategy`.
   * @returns The written file and version.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.writeConfigValue({ keyPath: "model", value: "gpt-5", mergeStrategy: "replace" });
   * ```
   */
  writeConfigValue(params: ParamsOf<"config/value/write">): Promise<ResultOf<"config/value/write">> {
    return this.request("config/value/write", params);
  }
  /**
   * Calls `config/batchWrite`.
   *
   * @param params `edits`.
   * @returns The written file and version.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.batchWriteConfig({ edits: [{ keyPath: "model", value: "gpt-5", mergeStrategy: "replace" }] });
   * ```
   */
  batchWriteConfig(params: ParamsOf<"config/batchWrite">): Promise<ResultOf<"config/batchWrite">> {
    return this.request("config/batchWrite", params);
  }
  /**
   * Calls `configRequirements/read`.
   *
   * @returns Managed config requirements.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { requirements } = await client.readConfigRequirements();
   * ```
   */
  readConfigRequirements(): Promise<ResultOf<"configRequirements/read">> {
    return this.request("configRequirements/read");
  }
  /**
   * Calls `skills/list`.
   *
   * @param params `cwds`, `forceReload`.
   * @returns Skills per directory.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { data } = await client.listSkills({ cwds: ["/repo"] });
   * ```
   */
  listSkills(params: ParamsOf<"skills/list"> = {}): Promise<ResultOf<"skills/list">> {
    return this.request("skills/list", params);
  }
  /**
   * Calls `model/list`.
   *
   * @param params Paging and filters.
   * @returns Available models.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { data } = await client.listModels();
   * ```
   */
  listModels(params: ParamsOf<"model/list"> = {}): Promise<ResultOf<"model/list">> {
    return this.request("model/list", params);
  }
  /**
   * Calls `command/exec`.
   *
   * @param params `command` (argv), `cwd`, `timeoutMs`, …
   * @returns Exit code, stdout, stderr.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { exitCode, stdout } = await client.execCommand({ command: ["ls", "-la"], cwd: "/repo" });
   * ```
   */
  execCommand(params: ParamsOf<"command/exec">): Promise<ResultOf<"command/exec">> {
    return this.request("command/exec", params);
  }

  // ---- MCP ---------------------------------------------------------------------------------------------------------

  /**
   * Calls `mcpServer/oauth/login`.
   *
   * @param params The MCP server name.
   * @returns The login URL.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { authorizationUrl } = await client.mcpOauthLogin({ name: "github" });
   * ```
   */
  mcpOauthLogin(params: ParamsOf<"mcpServer/oauth/login">): Promise<ResultOf<"mcpServer/oauth/login">> {
    return this.request("mcpServer/oauth/login", params);
  }
  /**
   * Reloads MCP server configuration (`config/mcpServer/reload`).
   *
   * @returns The result.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.refreshMcpServers();
   * ```
   */
  refreshMcpServers(): Promise<ResultOf<"config/mcpServer/reload">> {
    return this.request("config/mcpServer/reload");
  }
  /**
   * Calls `mcpServerStatus/list`.
   *
   * @param params Paging.
   * @returns MCP servers and their status.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { data } = await client.listMcpServerStatus();
   * ```
   */
  listMcpServerStatus(params: ParamsOf<"mcpServerStatus/list"> = {}): Promise<ResultOf<"mcpServerStatus/list">> {
    return this.request("mcpServerStatus/list", params);
  }

  // ---- account and feedback ------------------------------------------------------------------------------------------

  /**
   * Calls `account/login/start`.
   *
   * @param params `{ type: "apiKey", apiKey }`, `{ type: "chatgpt" }`, …
   * @returns Login details.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.startLogin({ type: "apiKey", apiKey: myApiKey });
   * ```
   */
  startLogin(params: ParamsOf<"account/login/start">): Promise<ResultOf<"account/login/start">> {
    return this.request("account/login/start", params);
  }
  /**
   * Calls `account/login/cancel`.
   *
   * @param params `loginId`.
   * @returns The result.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.cancelLogin({ loginId });
   * ```
   */
  cancelLogin(params: ParamsOf<"account/login/cancel">): Promise<ResultOf<"account/login/cancel">> {
    return this.request("account/login/cancel", params);
  }
  /**
   * Calls `account/logout`.
   *
   * @returns `{}`.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.logout();
   * ```
   */
  logout(): Promise<ResultOf<"account/logout">> {
    return this.request("account/logout");
  }
  /**
   * Calls `account/rateLimits/read`.
   *
   * @returns Rate limits (ChatGPT auth only).
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const limits = await client.readRateLimits();
   * ```
   */
  readRateLimits(): Promise<ResultOf<"account/rateLimits/read">> {
    return this.request("account/rateLimits/read", {});
  }
  /**
   * Calls `account/read`.
   *
   * @param params `refreshToken`.
   * @returns The account.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * const { account } = await client.readAccount();
   * ```
   */
  readAccount(params: ParamsOf<"account/read"> = {}): Promise<ResultOf<"account/read">> {
    return this.request("account/read", params);
  }
  /**
   * Calls `feedback/upload`.
   *
   * @param params Feedback.
   * @returns The upload result.
   * @throws {JsonRpcError} When the app-server rejects the request.
   * @example
   * ```ts
   * await client.uploadFeedback({ classification: "bug", reason: "…", includeLogs: false });
   * ```
   */
  uploadFeedback(params: ParamsOf<"feedback/upload">): Promise<ResultOf<"feedback/upload">> {
    return this.request("feedback/upload", params);
  }
}
