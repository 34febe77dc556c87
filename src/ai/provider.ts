/**
 * The codex provider for the AI SDK: `createCodexProvider(codex)` returns a function that makes language models,
 * shaped as an AI SDK provider (specification v3) so it also fits `createProviderRegistry`.
 *
 * @module
 */
import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { Codex } from "../codex.ts";
import { CodexError } from "../errors.ts";
import { CodexLanguageModel, type CodexModelSettings } from "./language-model.ts";

/** The codex provider: call it with a model id (and thread options) to get a language model. */
export interface CodexProvider {
  /**
   * A language model.
   * @param modelId The codex model (`"default"` or omitted: codex's configured model).
   * @param settings Thread options over the safe defaults.
   * @returns The model.
   */
  (modelId?: string, settings?: CodexModelSettings): CodexLanguageModel;
  /** The AI SDK provider specification version. */
  readonly specificationVersion: "v3";
  /**
   * A language model (the AI SDK provider interface).
   * @param modelId The codex model.
   * @param settings Thread options over the safe defaults.
   * @returns The model.
   */
  languageModel(modelId: string, settings?: CodexModelSettings): CodexLanguageModel;
  /**
   * Codex has no embedding models.
   * @param modelId The model id.
   * @throws {CodexError} Always.
   */
  embeddingModel(modelId: string): never;
  /**
   * Codex has no image models.
   * @param modelId The model id.
   * @throws {CodexError} Always.
   */
  imageModel(modelId: string): never;
  /** The codex the models run on. */
  readonly codex: Codex;
  /**
   * Stops the codex app-server of the `"app-server"` backend (a no-op for exec).
   * @returns When it has exited.
   */
  close(): Promise<void>;
}

/**
 * Creates the provider on a given codex. `createCodex` of `@codexkit/sdk/ai` creates the codex for you.
 *
 * @param codex The codex that runs the turns.
 * @returns The provider.
 * @example
 * ```ts
 * const provider = createCodexProvider(new Codex({ backend: "app-server" }));
 * const model = provider("gpt-5.1-codex", { workingDirectory: "/repo" });
 * ```
 */
export function createCodexProvider(codex: Codex): CodexProvider {
  const languageModel = (modelId = "default", settings?: CodexModelSettings) =>
    new CodexLanguageModel(codex, modelId, settings);
  const unsupported = (kind: string) => (modelId: string): never => {
    throw new CodexError(`Cannot create the ${kind} model ${modelId}: codex provides language models only`);
  };
  const provider = Object.assign(languageModel, {
    specificationVersion: "v3" as const,
    languageModel: (modelId: string, settings?: CodexModelSettings) => languageModel(modelId, settings),
    embeddingModel: unsupported("embedding"),
    imageModel: unsupported("image"),
    codex,
    close: () => codex.close(),
  });
  return provider satisfies { languageModel(id: string): LanguageModelV3 };
}
