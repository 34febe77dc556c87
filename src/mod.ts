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
export * from "./errors.ts";
export * from "./transport.ts";
export * from "./options.ts";
export * from "./jsonl.ts";
export * from "./channel.ts";
export * from "./codex-binary.ts";
export * from "./codex-version.ts";
export * from "./standard-schema.ts";
export * from "./codex.ts";
export * from "./thread/thread.ts";
export * from "./thread/streamed-turn.ts";
export * from "./thread/backend.ts";
export * from "./thread/turn.ts";
export * from "./thread/events.ts";
export * from "./thread/items.ts";
export * from "./thread/input.ts";
export * from "./thread/hooks.ts";
export * from "./thread/usage.ts";
export * from "./thread/output-schema.ts";
export * from "./thread/approvals.ts";
export * from "./thread/shell-command.ts";
export * from "./exec/thread-backend.ts";
export * from "./exec/exec-runner.ts";
export * from "./exec/input.ts";
export * from "./exec/parse.ts";
export * from "./exec/fast-check.ts";
export * from "./exec/command.ts";
export * from "./exec/toml.ts";
export * from "./jsonrpc/error.ts";
export * from "./jsonrpc/messages.ts";
export * from "./jsonrpc/peer.ts";
export * from "./app-server/approvals.ts";
export * from "./app-server/notifications.ts";
export * from "./app-server/connection.ts";
export * from "./app-server/endpoints-fs.ts";
export * from "./app-server/endpoints-platform.ts";
export * from "./app-server/endpoints.ts";
export * from "./app-server/turn-session.ts";
export * from "./app-server/client.ts";
export * from "./app-server/input.ts";
export * from "./app-server/to-thread-items.ts";
export * from "./app-server/thread-backend.ts";
export * as protocol from "./gen/protocol.ts";
