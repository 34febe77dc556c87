/**
 * Authentication of a WebSocket upgrade, before the 101 response: static bearer tokens (stored as SHA-256 digests,
 * compared in constant time), HS256 JWTs (`Authorization: Bearer`), and single-use tickets offered as the
 * subprotocol entry `codexkit.ticket.<ticket>` (browsers). Cookies never authenticate. Several secrets of each kind
 * may be configured at once, for key rotation.
 *
 * @module
 */
import { constantTimeEqual, hmacKey, sha256, utf8 } from "./encoding.ts";
import { type JwtClaims, verifyJwt } from "./jwt.ts";
import { MIN_SECRET_BYTES, readTicket } from "./ticket.ts";
import { MemoryTicketClaims, type TicketClaimStore } from "./ticket-claims.ts";
import { TICKET_PROTOCOL_PREFIX } from "../relay/protocol.ts";

/** A static token and the principal it authenticates. */
export interface TokenEntry {
  /** The bearer token (at least 16 characters). */
  token: string;
  /** The principal the token stands for. Default `token:<n>` (its position). */
  principal?: string;
}

/** How the host authenticates clients. At least one method must be configured. */
export interface AuthOptions {
  /** Static bearer tokens. */
  tokens?: ReadonlyArray<string | TokenEntry>;
  /** HS256 secrets for JWTs (each at least 32 bytes); the principal is the `sub` claim. */
  jwtSecrets?: ReadonlyArray<string | Uint8Array>;
  /** Required JWT issuer. */
  jwtIssuer?: string;
  /** Required JWT audience. */
  jwtAudience?: string;
  /** Clock skew allowed for JWT `exp`/`nbf`. Default 30 000 ms. */
  clockSkewMs?: number;
  /** Ticket secrets (each at least 32 bytes). */
  ticketSecrets?: ReadonlyArray<string | Uint8Array>;
  /** Required ticket audience (`--ticket-audience`). */
  ticketAudience?: string;
  /** Tickets valid for longer than this are refused. Default 300 000 ms. */
  maxTicketTtlMs?: number;
  /**
   * How many used ticket ids the default in-memory claim store remembers at most; when full, new tickets are
   * refused. Default 100 000.
   */
  maxRememberedTickets?: number;
  /**
   * Where used ticket ids are recorded. Default: this host's memory, so behind several hosts a ticket could be used
   * once on each until it expires — share one store between the hosts (or keep ticket lifetimes short).
   */
  ticketClaims?: TicketClaimStore;
}

/** The outcome of {@link Authenticator.authenticate}. */
export type AuthResult =
  | { ok: true; principal: string; method: "token" | "jwt" | "ticket" }
  | { ok: false; status: 401; reason: string };

const fail = (reason: string): AuthResult => ({ ok: false, status: 401, reason });

function checkSecret(kind: string, secret: string | Uint8Array): void {
  const length = typeof secret === "string" ? utf8(secret).length : secret.length;
  if (length < MIN_SECRET_BYTES) {
    throw new TypeError(`Cannot configure ${kind}: a secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
}

/**
 * Verifies credentials on upgrade requests.
 *
 * @example
 * ```ts
 * const auth = await Authenticator.create({ tokens: [hostToken] }); // e.g. read from a secret store
 * const result = await auth.authenticate(request);
 * ```
 */
export class Authenticator {
  readonly #tokens: Array<{ digest: Uint8Array; principal: string }>;
  readonly #jwtKeys: CryptoKey[];
  readonly #ticketKeys: CryptoKey[];
  readonly #options: AuthOptions;
  readonly #claims: TicketClaimStore;

  private constructor(options: AuthOptions, tokens: Array<{ digest: Uint8Array; principal: string }>, jwtKeys: CryptoKey[], ticketKeys: CryptoKey[]) {
    this.#options = options;
    this.#tokens = tokens;
    this.#jwtKeys = jwtKeys;
    this.#ticketKeys = ticketKeys;
    this.#claims = options.ticketClaims ?? new MemoryTicketClaims(options.maxRememberedTickets);
  }

  /**
   * Prepares the digests and keys.
   *
   * @param options The configured credentials.
   * @returns The authenticator.
   * @throws {TypeError} When a token is shorter than 16 characters or a secret shorter than 32 bytes.
   */
  static async create(options: AuthOptions): Promise<Authenticator> {
    const tokens = await Promise.all((options.tokens ?? []).map(async (entry, i) => {
      const { token, principal } = typeof entry === "string" ? { token: entry, principal: undefined } : entry;
      if (token.length < 16) throw new TypeError("Cannot configure a token: it must be at least 16 characters");
      return { digest: await sha256(token), principal: principal ?? `token:${i + 1}` };
    }));
    for (const s of options.jwtSecrets ?? []) checkSecret("a JWT secret", s);
    for (const s of options.ticketSecrets ?? []) checkSecret("a ticket secret", s);
    const jwtKeys = await Promise.all((options.jwtSecrets ?? []).map((s) => hmacKey(s)));
    const ticketKeys = await Promise.all((options.ticketSecrets ?? []).map((s) => hmacKey(s)));
    return new Authenticator(options, tokens, jwtKeys, ticketKeys);
  }

  /** Whether any credential is configured. */
  get configured(): boolean {
    return this.#tokens.length + this.#jwtKeys.length + this.#ticketKeys.length > 0;
  }

  /**
   * Authenticates an upgrade request.
   *
   * @param request The HTTP request (headers only are read).
   * @param now The current time in ms (tests).
   * @returns The principal, or why the request is refused (always 401).
   */
  async authenticate(request: Request, now: number = Date.now()): Promise<AuthResult> {
    const header = request.headers.get("authorization");
    if (header !== null) {
      const match = /^Bearer ([\x21-\x7e]+)$/.exec(header);
      if (!match) return fail("malformed Authorization header");
      return await this.#bearer(match[1]!, now);
    }
    const offered = (request.headers.get("sec-websocket-protocol") ?? "").split(",").map((s) => s.trim());
    const tickets = offered.filter((p) => p.startsWith(TICKET_PROTOCOL_PREFIX));
    if (tickets.length > 1) return fail("more than one ticket offered");
    if (tickets.length === 1) return await this.#ticket(tickets[0]!.slice(TICKET_PROTOCOL_PREFIX.length), now);
    return fail("no credentials");
  }

  async #bearer(token: string, now: number): Promise<AuthResult> {
    const digest = await sha256(token);
    let principal: string | undefined;
    // every entry is compared, so the time taken does not say which one (or whether any) matched
    for (const entry of this.#tokens) if (constantTimeEqual(digest, entry.digest)) principal ??= entry.principal;
    if (principal !== undefined) return { ok: true, principal, method: "token" };
    if (this.#jwtKeys.length > 0 && token.split(".").length === 3) {
      const claims: JwtClaims | null = await verifyJwt(token, this.#jwtKeys, {
        ...(this.#options.jwtIssuer !== undefined ? { issuer: this.#options.jwtIssuer } : {}),
        ...(this.#options.jwtAudience !== undefined ? { audience: this.#options.jwtAudience } : {}),
        ...(this.#options.clockSkewMs !== undefined ? { clockSkewMs: this.#options.clockSkewMs } : {}),
        now,
      });
      if (claims) return { ok: true, principal: claims.sub ? `jwt:${claims.sub}` : "jwt", method: "jwt" };
    }
    return fail("invalid bearer token");
  }

  async #ticket(ticket: string, now: number): Promise<AuthResult> {
    if (this.#ticketKeys.length === 0) return fail("tickets are not enabled");
    const claims = await readTicket(ticket, this.#ticketKeys);
    if (!claims) return fail("invalid ticket");
    if (claims.exp <= now) return fail("expired ticket");
    if (claims.exp - now > (this.#options.maxTicketTtlMs ?? 300_000)) return fail("ticket lifetime too long");
    const audience = this.#options.ticketAudience;
    if (audience !== undefined && claims.aud !== audience) return fail("wrong ticket audience");
    let first: boolean;
    try {
      first = await this.#claims.claim(claims.jti, claims.exp);
    } catch (err) {
      // fail closed: a ticket whose use cannot be recorded could be used again
      return fail(`ticket claim refused: ${(err as Error)?.message ?? err}`);
    }
    if (!first) return fail("ticket already used");
    return { ok: true, principal: `ticket:${claims.sub}`, method: "ticket" };
  }
}
