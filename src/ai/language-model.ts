/**
 * Codex as an AI SDK language model (specification v3, which `ai` 6 and `ai` 7 both accept). Each call is one
 * codex turn: a new thread for a fresh conversation, the same thread again when the prompt carries the thread id
 * of an earlier answer.
 *
 * @module
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FunctionTool,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  SharedV3ProviderMetadata,
  SharedV3Warning,
} from "@ai-sdk/provider";
import * as v from "valibot";
import {
  type Codex,
  CodexOptionsError,
  type Input,
  isCodexAbortError,
  type ThreadOptions,
  validateOptions,
} from "../core.ts";
import { envelopeInstructions, envelopeSchema } from "./envelope.ts";
import { PROVIDER_ID, toTurnInput } from "./prompt.ts";
import { TurnParts } from "./turn-parts.ts";

/** Thread options of a model's turns (sandbox, working directory, approvals, …), over the safe defaults. */
export interface CodexModelSettings extends ThreadOptions {}

/**
 * The defaults of every model and handoff tool: a read-only sandbox, no approval prompts, no web search and no
 * network. Thread options given to the model or tool override them.
 */
export const SAFE_THREAD_DEFAULTS: Readonly<ThreadOptions> = Object.freeze({
  sandboxMode: "read-only",
  approvalPolicy: "never",
  webSearchMode: "disabled",
  networkAccessEnabled: false,
});

/** `providerOptions.codex` of a call. */
export interface CodexCallOptions {
  /** Continue this codex thread (instead of the one found in the prompt, or a new one). */
  threadId?: string;
}

const CallOptionsSchema = v.looseObject({ threadId: v.optional(v.pipe(v.string(), v.nonEmpty())) });

const UNSUPPORTED = [
  "maxOutputTokens",
  "temperature",
  "stopSequences",
  "topP",
  "topK",
  "presencePenalty",
  "frequencyPenalty",
  "seed",
] as const;

function randomId(): string {
  return crypto.randomUUID().slice(0, 8);
}

/**
 * An AI SDK language model backed by codex. Create it with `createCodex()(modelId, settings)`.
 *
 * @example
 * ```ts
 * import { generateText } from "ai";
 * import { createCodex } from "@codexkit/sdk/ai";
 *
 * const codex = createCodex();
 * const { text } = await generateText({ model: codex("gpt-5.1-codex"), prompt: "What does this repo do?" });
 * ```
 */
export class CodexLanguageModel implements LanguageModelV3 {
  /** The AI SDK specification version this model implements. */
  readonly specificationVersion = "v3" as const;
  /** The provider id. */
  readonly provider: string = PROVIDER_ID;
  /** The codex model (`"default"`: codex's configured model). */
  readonly modelId: string;
  /** Images by http(s) URL go to codex as they are; anything else the AI SDK downloads first. */
  readonly supportedUrls: Record<string, RegExp[]> = { "image/*": [/^https?:\/\//] };
  readonly #codex: Codex;
  readonly #settings: ThreadOptions;

  /**
   * Prefer the provider (`createCodex()(modelId)`).
   *
   * @param codex The codex that runs the turns.
   * @param modelId The codex model, or `"default"` for the configured one.
   * @param settings Thread options over {@link SAFE_THREAD_DEFAULTS}.
   * @throws {CodexOptionsError} When a setting is invalid.
   */
  constructor(codex: Codex, modelId: string, settings: CodexModelSettings = {}) {
    this.#codex = codex;
    this.modelId = modelId;
    this.#settings = { ...SAFE_THREAD_DEFAULTS, ...settings };
    if (modelId && modelId !== "default") this.#settings.model = modelId;
  }

  #warnings(options: LanguageModelV3CallOptions, tools: LanguageModelV3FunctionTool[]): SharedV3Warning[] {
    const warnings: SharedV3Warning[] = [];
    for (const feature of UNSUPPORTED) {
      if (options[feature] !== undefined) {
        warnings.push({ type: "unsupported", feature, details: "codex does not expose this setting" });
      }
    }
    for (const tool of options.tools ?? []) {
      if (tool.type !== "function") {
        warnings.push({
          type: "unsupported",
          feature: `provider tool ${tool.name}`,
          details: "codex runs only function tools of the caller",
        });
      }
    }
    if (options.toolChoice && options.toolChoice.type !== "auto" && tools.length === 0) {
      warnings.push({ type: "unsupported", feature: "toolChoice", details: "no function tools were given" });
    }
    return warnings;
  }

  /**
   * Runs one codex turn and streams it as AI SDK parts.
   *
   * @param options The call options.
   * @returns The stream (codex starts when it is read; cancelling it stops codex).
   * @throws {CodexOptionsError} When `providerOptions.codex` is invalid.
   */
  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const callOptions = validateOptions(
      CallOptionsSchema,
      options.providerOptions?.[PROVIDER_ID] ?? {},
      "providerOptions.codex",
    ) as CodexCallOptions;
    const tools = (options.tools ?? []).filter((t): t is LanguageModelV3FunctionTool => t.type === "function");
    const choice = options.toolChoice ?? { type: "auto" };
    if (choice.type === "tool" && !tools.some((t) => t.name === choice.toolName)) {
      throw new CodexOptionsError("toolChoice", `names the tool ${choice.toolName}, which is not among the tools`);
    }
    const envelope = tools.length > 0 && choice.type !== "none";
    const json = options.responseFormat?.type === "json" ? options.responseFormat : undefined;
    const turn = toTurnInput(options.prompt, callOptions.threadId);
    const warnings = [...this.#warnings(options, tools), ...turn.warnings];

    const outputSchema = envelope ? envelopeSchema(tools, choice) : json?.schema as Record<string, unknown> | undefined;
    const text = [
      ...turn.system,
      ...(envelope ? [envelopeInstructions(tools, choice, json?.schema)] : []),
      ...(json && !json.schema && !envelope ? ["Answer with a single JSON document and nothing else."] : []),
      turn.text,
    ].filter(Boolean).join("\n\n");
    const input: Input = turn.images.length > 0 ? [{ type: "text", text }, ...turn.images] : text;
    const reasoning = (options as { reasoning?: string }).reasoning; // specification v4 calls (ai 7) carry it
    const threadOptions: ThreadOptions = reasoning && reasoning !== "provider-default"
      ? { ...this.#settings, modelReasoningEffort: reasoning === "none" ? "minimal" : reasoning }
      : this.#settings;

    const thread = turn.threadId
      ? this.#codex.resumeThread(turn.threadId, threadOptions)
      : this.#codex.startThread(threadOptions);
    const { events } = await thread.runStreamed(input, {
      ...(outputSchema ? { outputSchema } : {}),
      ...(options.abortSignal ? { signal: options.abortSignal } : {}),
    });
    const parts = new TurnParts({
      envelope,
      idPrefix: randomId(),
      modelId: this.modelId,
      includeRaw: options.includeRawChunks === true,
      threadId: turn.threadId,
    });
    const iterator = events[Symbol.asyncIterator]();
    let done = false;
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        controller.enqueue({ type: "stream-start", warnings });
      },
      async pull(controller) {
        try {
          // a pull that enqueues nothing is not called again: read until something comes out
          while (!done) {
            const next = await iterator.next();
            if (next.done) {
              done = true;
              for (const part of parts.finish()) controller.enqueue(part);
              controller.close();
              return;
            }
            const out = parts.map(next.value);
            for (const part of out) controller.enqueue(part);
            if (out.length > 0) return;
          }
        } catch (err) {
          done = true;
          if (isCodexAbortError(err)) return controller.error(err);
          for (const part of parts.fail(err)) controller.enqueue(part);
          controller.close();
        }
      },
      async cancel() {
        done = true;
        await iterator.return?.(undefined);
      },
    });
    return {
      stream,
      request: { body: { threadId: turn.threadId, prompt: text, ...(outputSchema ? { outputSchema } : {}) } },
    };
  }

  /**
   * Runs one codex turn to completion.
   *
   * @param options The call options.
   * @returns The content (text, reasoning, codex's tool calls and results, the caller's tool calls), finish
   * reason, usage, warnings and `providerMetadata.codex.threadId`.
   * @throws {TurnFailedError} When the turn fails.
   * @throws {CodexAbortError} When `abortSignal` aborts.
   */
  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { stream, request } = await this.doStream(options);
    const content: LanguageModelV3Content[] = [];
    const open = new Map<
      string,
      { type: "text" | "reasoning"; text: string; providerMetadata?: SharedV3ProviderMetadata }
    >();
    let warnings: SharedV3Warning[] = [];
    let result: Pick<LanguageModelV3GenerateResult, "finishReason" | "usage" | "providerMetadata"> | null = null;
    let responseId: string | undefined;
    const reader = stream.getReader();
    for (;;) {
      const { done, value: part } = await reader.read();
      if (done) break;
      switch (part.type) {
        case "stream-start":
          warnings = part.warnings;
          break;
        case "response-metadata":
          responseId = part.id;
          break;
        case "text-start":
        case "reasoning-start": {
          const entry = { type: part.type === "text-start" ? "text" as const : "reasoning" as const, text: "" };
          open.set(part.id, entry);
          content.push(entry as LanguageModelV3Content);
          break;
        }
        case "text-delta":
        case "reasoning-delta":
          open.get(part.id)!.text += part.delta;
          break;
        case "text-end":
          if (part.providerMetadata) open.get(part.id)!.providerMetadata = part.providerMetadata;
          break;
        case "tool-call":
        case "tool-result":
          content.push(part);
          break;
        case "error":
          await reader.cancel();
          throw part.error;
        case "finish":
          result = { finishReason: part.finishReason, usage: part.usage, providerMetadata: part.providerMetadata };
          break;
        default:
          break;
      }
    }
    return {
      content,
      warnings,
      ...result!,
      ...(request ? { request } : {}),
      response: { ...(responseId ? { id: responseId } : {}), modelId: this.modelId, timestamp: new Date() },
    };
  }
}
