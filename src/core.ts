/**
 * Everything of the SDK but its app-server half: `Codex`, `Thread`, `Turn`, typed events and errors, the exec
 * protocol, JSONL framing and the `Transport` seam. `mod.ts` exports it beside `app-server/mod.ts`; the npm build
 * keeps each a file of its own so a browser bundle can leave the app-server half out (see tsdown.config.ts).
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
export * from "./sdk-version.ts";
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
export * as protocol from "./gen/protocol.ts";
