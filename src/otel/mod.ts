/**
 * `@codexkit/sdk/otel`: OpenTelemetry traces of codex turns, per the GenAI semantic conventions. Needs
 * `@opentelemetry/api` (an optional peer dependency). Nothing is traced until you call {@link instrument} (or
 * {@link instrumentAppServer} / {@link instrumentTransport}); spans go to the tracer provider you pass, else the
 * global one.
 *
 * @example
 * ```ts
 * import { Codex } from "@codexkit/sdk";
 * import { instrument } from "@codexkit/sdk/otel";
 *
 * const codex = instrument(new Codex(), { recordContent: false });
 * await codex.startThread({ skipGitRepoCheck: true }).run("List the files");
 * // spans: invoke_agent codex → execute_tool exec_command, and the codex process
 * ```
 *
 * @module
 */
export * from "./tracer.ts";
export * from "./turn-spans.ts";
export * from "./instrument.ts";
