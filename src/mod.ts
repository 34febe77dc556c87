/**
 * @codexkit/sdk — embed the Codex CLI agent in TypeScript programs on any runtime.
 *
 * This is the runtime-neutral core: `Codex`, `Thread`, `Turn`, typed events and errors, both protocols (exec and
 * app-server, as thread backends and as `AppServerClient`), JSONL framing and the `Transport` seam. Under Node, Deno and Bun, `import { Codex } from "@codexkit/sdk"` resolves to that runtime's
 * entry (`@codexkit/sdk/node`, `/deno`, `/bun`), which spawns the local codex binary; elsewhere pass a `transport`.
 *
 * @example
 * ```ts
 * import { Codex } from "@codexkit/sdk";
 *
 * const codex = new Codex();
 * const thread = codex.startThread({ skipGitRepoCheck: true });
 * const { events } = await thread.runStreamed("List the files in this directory");
 * for await (const event of events) console.log(event.type);
 * ```
 *
 * @module
 */
export * from "./core.ts";
export * from "./app-server/mod.ts";
