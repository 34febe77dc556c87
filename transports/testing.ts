/**
 * Test kit: a scripted OpenAI Responses API model that the real codex binary talks to, fully offline.
 *
 * ```ts
 * import { Codex } from "@codexkit/sdk";
 * import { reply, startScriptedModel } from "@codexkit/sdk/testing";
 *
 * await using model = await startScriptedModel([reply("Hello from the script")]);
 * const codex = new Codex({ config: model.config, codexHome: tmpDir });
 * const turn = await codex.startThread({ skipGitRepoCheck: true }).run("Hi");
 * turn.finalResponse; // "Hello from the script"
 * userTexts(model.model.responseRequests[0]!); // what codex sent: ["<environment_context>…", "Hi"]
 * ```
 *
 * @module
 */
import type { ConfigObject } from "../src/options.ts";
import {
  type ScriptedConfigOptions,
  ScriptedModel,
  scriptedModelConfig,
  type ScriptedModelOptions,
} from "../src/testing/scripted-model.ts";
import type { RecordedRequest, ScriptStep } from "../src/testing/script.ts";
import { type HttpListener, listenHttp } from "./http-listen.ts";

export * from "../src/testing/script.ts";
export * from "../src/testing/requests.ts";
export * from "../src/testing/scripted-model.ts";
export { type FetchHandler, type HttpListener, listenHttp } from "./http-listen.ts";

/** A scripted model listening on 127.0.0.1. */
export interface ScriptedModelServer extends AsyncDisposable {
  /** The model (push more steps, read requests). */
  model: ScriptedModel;
  /** The `/v1` base URL. */
  baseUrl: string;
  /** Codex config pointing at this server: pass as `new Codex({ config })`. */
  config: ConfigObject;
  /** Every request received (the model calls alone: `model.responseRequests`). */
  requests: RecordedRequest[];
  /** The runtime's HTTP server answering (`Deno.serve` on Deno, `Bun.serve` on Bun, `node:http` on Node). */
  httpServer: HttpListener["server"];
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Starts a scripted model server on 127.0.0.1 (a free port).
 *
 * @param steps One step per model request.
 * @param options Fallback step and codex retry count.
 * @returns The running server, with the codex `config` that points at it.
 * @example
 * ```ts
 * const server = await startScriptedModel([reply("hi")]);
 * const codex = new Codex({ config: server.config });
 * await server.close();
 * ```
 */
export async function startScriptedModel(
  steps: ScriptStep[] = [],
  options: ScriptedModelOptions & ScriptedConfigOptions = {},
): Promise<ScriptedModelServer> {
  const model = new ScriptedModel(steps, options);
  const listener = await listenHttp(model.fetch);
  const baseUrl = `${listener.url}/v1`;
  return {
    model,
    baseUrl,
    config: scriptedModelConfig(baseUrl, options),
    requests: model.requests,
    httpServer: listener.server,
    close: () => listener.close(),
    [Symbol.asyncDispose]: () => listener.close(),
  };
}
