/**
 * `@codexkit/sdk/ai`: Codex for the Vercel AI SDK (`ai` 6 and 7) — a language model whose stream carries codex's
 * own work as provider-executed tool calls and which runs the caller's tools too, and a handoff tool that streams
 * progress. Needs `@ai-sdk/provider` (a peer dependency; `ai` brings it).
 *
 * @example
 * ```ts
 * import { generateText } from "ai";
 * import { createCodex } from "@codexkit/sdk/ai";
 *
 * const codex = createCodex();
 * const { text, providerMetadata } = await generateText({
 *   model: codex("gpt-5.1-codex", { workingDirectory: "." }),
 *   prompt: "Which test framework does this project use?",
 * });
 * console.log(text, providerMetadata?.codex?.threadId);
 * ```
 *
 * @module
 */
import type { CodexOptions } from "../src/options.ts";
import type { Codex as CoreCodex } from "../src/mod.ts";
import { type CodexProvider, createCodexProvider } from "../src/ai/provider.ts";
import { type CodexTool, type CodexToolSettings, createCodexTool } from "../src/ai/handoff-tool.ts";
import { Codex } from "./auto.ts";

export * from "../src/ai/mod.ts";

/** Options of {@link createCodex}: those of `new Codex()`, or a ready `codex`. */
export interface CodexProviderSettings extends CodexOptions {
  /** Use this codex (its options win; the others here are ignored). */
  codex?: CoreCodex;
}

/** Options of {@link codexTool}: those of `new Codex()` (or a ready `codex`) plus the tool's own. */
export interface CodexToolOptions extends CodexOptions, CodexToolSettings {
  /** Use this codex (its options win; the Codex options here are ignored). */
  codex?: CoreCodex;
}

function codexFrom(options: CodexOptions & { codex?: CoreCodex }): CoreCodex {
  const { codex, ...codexOptions } = options;
  return codex ?? new Codex(codexOptions);
}

/**
 * Creates the codex provider. Models run on the local codex binary (through the runtime's process API) unless
 * a `transport` or a `codex` is given.
 *
 * @param options Codex options (binary, config, env, `backend: "app-server"`, transport) or a ready `codex`.
 * @returns The provider: `provider(modelId, threadOptions)` is a language model.
 * @throws {CodexOptionsError} When an option is invalid.
 * @example
 * ```ts
 * const codex = createCodex({ backend: "app-server" });
 * const result = streamText({ model: codex("gpt-5.1-codex"), prompt: "Run the tests" });
 * for await (const part of result.fullStream) console.log(part.type);
 * await codex.close();
 * ```
 */
export function createCodex(options: CodexProviderSettings = {}): CodexProvider {
  return createCodexProvider(codexFrom(options));
}

/**
 * Codex as an AI SDK tool (a handoff): the calling model passes a task, codex works on it, progress streams as
 * preliminary results, and a short answer goes back to the calling model.
 *
 * @param options Codex options (or a ready `codex`), `threadOptions`, `persistThread`, `includeItems`,
 * `itemsLimit`, `includeUsage`, `timeoutMs`, `description`.
 * @returns The tool.
 * @throws {CodexOptionsError} When an option is invalid.
 * @example
 * ```ts
 * const result = await generateText({
 *   model: openai("gpt-5"),
 *   tools: { codex: codexTool({ threadOptions: { workingDirectory: "." } }) },
 *   prompt: "Ask codex which files changed last",
 * });
 * ```
 */
export function codexTool(options: CodexToolOptions = {}): CodexTool {
  const { threadOptions, persistThread, includeItems, itemsLimit, includeUsage, timeoutMs, description, ...rest } =
    options;
  const settings: CodexToolSettings = {
    threadOptions,
    persistThread,
    includeItems,
    itemsLimit,
    includeUsage,
    timeoutMs,
    description,
  };
  for (const key of Object.keys(settings) as Array<keyof CodexToolSettings>) {
    if (settings[key] === undefined) delete settings[key];
  }
  return createCodexTool(codexFrom(rest), settings);
}
