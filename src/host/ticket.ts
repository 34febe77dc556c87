/**
 * Tickets: short-lived, single-use credentials for browsers, which cannot set an `Authorization` header on a
 * WebSocket. The user's own backend mints one with {@link createTicket} (WebCrypto HMAC-SHA-256, so it runs in Node,
 * Deno, Bun, Cloudflare Workers…) and hands it to the page, which offers it as the subprotocol
 * `codexkit.ticket.<ticket>`. The host verifies the signature, `exp`, `aud`, and that the `jti` was never used.
 *
 * A ticket is `base64url(JSON payload) "." base64url(HMAC-SHA-256(secret, first part))`; the payload is
 * `{ v: 1, sub, exp, jti, aud? }` with `exp` in milliseconds since the epoch.
 *
 * @module
 */
import { base64UrlDecode, base64UrlEncode, hmacKey, randomId, utf8 } from "./encoding.ts";

/** Options of {@link createTicket}. */
export interface CreateTicketOptions {
  /** The secret shared with the host (`--ticket-secret-file`); at least 32 bytes. */
  secret: string | Uint8Array;
  /** Who the ticket is for: the host's principal for the connection (sessions belong to it). */
  principal: string;
  /** How long the ticket is valid. Default 60 000 ms; hosts refuse tickets valid for more than 5 minutes. */
  ttlMs?: number;
  /** The host's audience (`--ticket-audience`); a host configured with one requires it. */
  audience?: string;
}

/** What a verified ticket says. */
export interface TicketClaims {
  /** The principal. */
  sub: string;
  /** Expiry, in milliseconds since the epoch. */
  exp: number;
  /** The ticket's unique id (single use). */
  jti: string;
  /** The audience, when the ticket names one. */
  aud?: string;
}

/** The smallest secret accepted, in bytes. */
export const MIN_SECRET_BYTES = 32;

function secretBytes(secret: string | Uint8Array): Uint8Array {
  const bytes = typeof secret === "string" ? utf8(secret) : secret;
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new TypeError(`Cannot use the ticket secret: it must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return bytes;
}

/**
 * Mints a ticket for a browser client of a codex host.
 *
 * @param options Secret, principal, lifetime and audience.
 * @returns The ticket, to pass to `websocketTransport({ getTicket })`.
 * @throws {TypeError} When the secret is shorter than 32 bytes, the principal is empty or the ttl is not positive.
 * @example
 * ```ts
 * import { createTicket } from "@codexkit/sdk/ticket";
 * const ticket = await createTicket({ secret: env.TICKET_SECRET, principal: user.id, ttlMs: 30_000 });
 * ```
 */
export async function createTicket(options: CreateTicketOptions): Promise<string> {
  const key = await hmacKey(secretBytes(options.secret));
  if (!options.principal) throw new TypeError("Cannot create a ticket: principal is empty");
  const ttlMs = options.ttlMs ?? 60_000;
  if (!(ttlMs > 0)) throw new TypeError("Cannot create a ticket: ttlMs must be positive");
  const claims: TicketClaims & { v: 1 } = {
    v: 1,
    sub: options.principal,
    exp: Date.now() + ttlMs,
    jti: randomId(18),
    ...(options.audience !== undefined ? { aud: options.audience } : {}),
  };
  const body = base64UrlEncode(utf8(JSON.stringify(claims)));
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(body)));
  return `${body}.${base64UrlEncode(signature)}`;
}

/**
 * Checks a ticket's signature against any of `secrets` (key rotation) and decodes its claims. Expiry, audience and
 * single use are the caller's to check.
 *
 * @param ticket The ticket.
 * @param keys HMAC keys of the accepted secrets.
 * @returns The claims, or `null` when the ticket is malformed or no key signed it.
 * @example
 * ```ts
 * const claims = await readTicket(ticket, [await hmacKey(secret)]);
 * ```
 */
export async function readTicket(ticket: string, keys: readonly CryptoKey[]): Promise<TicketClaims | null> {
  if (ticket.length > 2048) return null;
  const [body, sig, extra] = ticket.split(".");
  if (!body || !sig || extra !== undefined) return null;
  const signature = base64UrlDecode(sig);
  if (!signature || signature.length !== 32) return null;
  let verified = false;
  // crypto.subtle.verify compares in constant time
  for (const key of keys) verified = (await crypto.subtle.verify("HMAC", key, signature, utf8(body))) || verified;
  if (!verified) return null;
  const json = base64UrlDecode(body);
  if (!json) return null;
  try {
    const claims = JSON.parse(new TextDecoder().decode(json)) as Record<string, unknown>;
    if (claims.v !== 1 || typeof claims.sub !== "string" || !claims.sub) return null;
    if (typeof claims.exp !== "number" || typeof claims.jti !== "string" || !claims.jti) return null;
    if (claims.aud !== undefined && typeof claims.aud !== "string") return null;
    return {
      sub: claims.sub,
      exp: claims.exp,
      jti: claims.jti,
      ...(claims.aud !== undefined ? { aud: claims.aud as string } : {}),
    };
  } catch {
    return null;
  }
}
