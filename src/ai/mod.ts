/**
 * The runtime-neutral parts of `@codexkit/sdk/ai`: the language model, the provider and the handoff tool over a
 * given {@link Codex}. The entry `@codexkit/sdk/ai` adds `createCodex` and `codexTool`, which create the codex
 * (spawning the local binary, or over a `transport`).
 *
 * @module
 */
export * from "./language-model.ts";
export * from "./provider.ts";
export * from "./handoff-tool.ts";
export * from "./item-tools.ts";
export * from "./envelope.ts";
export * from "./usage.ts";
export * from "./prompt.ts";
export * from "./turn-parts.ts";
