/**
 * Mint tickets for browser clients of a codex host, in your own backend — Node, Deno, Bun, Cloudflare Workers or
 * any runtime with WebCrypto. Tiny and dependency-free, so it bundles into edge functions.
 *
 * @example
 * ```ts
 * import { createTicket } from "@codexkit/sdk/ticket";
 *
 * // in your authenticated API route:
 * const ticket = await createTicket({ secret: env.CODEX_TICKET_SECRET, principal: user.id, ttlMs: 30_000 });
 * return Response.json({ ticket });
 * ```
 *
 * @module
 */
export { createTicket, type CreateTicketOptions } from "../src/host/ticket.ts";
