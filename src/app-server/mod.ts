/**
 * The app-server half of the SDK as one module: the JSON-RPC peer, `AppServerClient` with its endpoints, turn
 * sessions and approvals, and the thread backends `Codex` runs app-server turns on. `@codexkit/sdk` re-exports all of
 * it, and `Codex` loads it with a dynamic `import()` on the first app-server turn: the npm build keeps this module a
 * file of its own (tsdown.config.ts), so a browser bundle that runs exec turns leaves it out until it is needed.
 *
 * @module
 */
export * from "../jsonrpc/error.ts";
export * from "../jsonrpc/messages.ts";
export * from "../jsonrpc/peer.ts";
export * from "./approvals.ts";
export * from "./notifications.ts";
export * from "./connection.ts";
export * from "./endpoints-fs.ts";
export * from "./endpoints-platform.ts";
export * from "./endpoints.ts";
export * from "./turn-session.ts";
export * from "./client.ts";
export * from "./input.ts";
export * from "./to-thread-items.ts";
export * from "./thread-backend.ts";
export * from "./backend-pool.ts";
