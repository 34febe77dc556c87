/**
 * Where a host records the tickets it accepted, so that each ticket is used once. One host remembers them in memory
 * ({@link MemoryTicketClaims}, the default); hosts behind one proxy share a store (a Redis `SET … NX`, a database
 * row with a unique key), or a ticket used on one host could be used once more on each of the others until it
 * expires.
 *
 * @module
 */

/**
 * Records used ticket ids. Every host that accepts the same tickets must see the same claims, and a claim must be
 * atomic: of two hosts claiming one id at the same moment, one wins.
 *
 * @example
 * ```ts
 * // Redis (node-redis): SET with NX is atomic, PXAT lets Redis forget the claim once the ticket has expired
 * const ticketClaims: TicketClaimStore = {
 *   claim: async (jti, expiresAt) => (await redis.set(`codexkit:ticket:${jti}`, "1", { NX: true, PXAT: expiresAt })) === "OK",
 * };
 * ```
 */
export interface TicketClaimStore {
  /**
   * Claims a ticket id.
   * @param jti The ticket's unique id.
   * @param expiresAt When the ticket expires, in ms since the epoch: hosts refuse it from then on anyway, so the claim
   * may be forgotten.
   * @returns `true` the first time the id is claimed, `false` when it was claimed before. A rejection (or a throw)
   * refuses the ticket: an unavailable store never lets a ticket through twice.
   */
  claim(jti: string, expiresAt: number): boolean | Promise<boolean>;
}

/**
 * The in-memory {@link TicketClaimStore} of one host process: expired claims are dropped, and when `maxRemembered`
 * live claims are held, new tickets are refused rather than old claims forgotten.
 *
 * @example
 * ```ts
 * const host = await createCodexHost({ auth: { ticketSecrets: [secret], ticketClaims: new MemoryTicketClaims(10_000) }, roots });
 * ```
 */
export class MemoryTicketClaims implements TicketClaimStore {
  readonly #used = new Map<string, number>();
  readonly #max: number;

  /**
   * Creates an empty store.
   * @param maxRemembered How many live claims are kept at most. Default 100 000.
   */
  constructor(maxRemembered: number = 100_000) {
    this.#max = maxRemembered;
  }

  /**
   * Claims a ticket id.
   * @param jti The ticket's unique id.
   * @param expiresAt When the ticket expires, in ms since the epoch.
   * @returns Whether this is the first claim.
   * @throws {Error} When `maxRemembered` live claims are held.
   */
  claim(jti: string, expiresAt: number): boolean {
    const now = Date.now();
    for (const [id, exp] of this.#used) if (exp <= now) this.#used.delete(id);
    if (this.#used.has(jti)) return false;
    if (this.#used.size >= this.#max) throw new Error("too many live tickets");
    this.#used.set(jti, expiresAt);
    return true;
  }
}
