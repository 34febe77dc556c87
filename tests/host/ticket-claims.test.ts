// Credentials on many hosts: tickets and JWTs minted once verify on every host that shares the key, and a ticket is
// single-use across hosts only when they share one claim store — the in-memory default remembers per host, which is
// why the option exists. A store that fails refuses the ticket (fail closed). Checked at the upgrade, nothing served.
import { realpath } from "node:fs/promises";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { type CodexHost, createCodexHost, type HostLogEntry, MemoryTicketClaims, type TicketClaimStore } from "@codexkit/sdk/host";
import { createTicket } from "@codexkit/sdk/ticket";
import { hs256Jwt } from "./helpers.ts";

const TICKET_SECRET = "ticket-secret-shared-by-every-host-012345";
const JWT_SECRET = "jwt-secret-shared-by-every-host-0123456789";
const ADDRESS = "codex.example.com";

async function twoHosts(claims: () => TicketClaimStore | undefined): Promise<{ hosts: CodexHost[]; logs: HostLogEntry[][] }> {
  const roots = [await realpath(tmpdir())];
  const logs: HostLogEntry[][] = [[], []];
  const hosts = await Promise.all(["a", "b"].map((hostId, i) => {
    const ticketClaims = claims();
    return createCodexHost({
      hostId,
      auth: { ticketSecrets: [TICKET_SECRET], jwtSecrets: [JWT_SECRET], ...(ticketClaims ? { ticketClaims } : {}) },
      roots,
      allowHosts: [ADDRESS],
      log: (e) => logs[i]!.push(e),
    });
  }));
  return { hosts, logs };
}

const upgrade = (credentials: { ticket?: string; jwt?: string }) =>
  new Request(`http://${ADDRESS}/`, {
    headers: {
      host: ADDRESS,
      "sec-websocket-protocol": `codexkit.relay.v1${credentials.ticket ? `, codexkit.ticket.${credentials.ticket}` : ""}`,
      ...(credentials.jwt ? { authorization: `Bearer ${credentials.jwt}` } : {}),
    },
  });
const ticket = () => createTicket({ secret: TICKET_SECRET, principal: "dana", ttlMs: 30_000 });
const accepted = async (host: CodexHost, credentials: { ticket?: string; jwt?: string }) => (await host.upgrade(upgrade(credentials))).ok;

describe("credentials across hosts", () => {
  it("a JWT and tickets minted once verify on every host that shares the key", async () => {
    const { hosts: [a, b] } = await twoHosts(() => undefined);
    const jwt = await hs256Jwt({ sub: "dana", exp: Math.floor(Date.now() / 1000) + 60 }, JWT_SECRET);
    expect([await accepted(a!, { jwt }), await accepted(b!, { jwt })]).toEqual([true, true]);
    expect([await accepted(a!, { ticket: await ticket() }), await accepted(b!, { ticket: await ticket() })]).toEqual([true, true]);
  });

  it("one shared claim store: a ticket used on one host is refused on the others, also when offered to both at once", async () => {
    const shared = new MemoryTicketClaims(); // stands in for Redis or a database row
    const { hosts: [a, b], logs } = await twoHosts(() => shared);
    const used = await ticket();
    expect(await accepted(a!, { ticket: used })).toBe(true);
    expect(await accepted(b!, { ticket: used })).toBe(false);
    expect(logs[1]).toContainEqual(expect.objectContaining({ event: "refused", status: 401, reason: "ticket already used" }));
    const raced = await ticket();
    const both = await Promise.all([accepted(a!, { ticket: raced }), accepted(b!, { ticket: raced })]);
    expect(both.filter(Boolean)).toHaveLength(1);
  });

  it("the in-memory default remembers per host: a ticket is refused again on its host, not on another", async () => {
    const { hosts: [a, b] } = await twoHosts(() => undefined);
    const used = await ticket();
    expect(await accepted(a!, { ticket: used })).toBe(true);
    expect(await accepted(a!, { ticket: used })).toBe(false);
    expect(await accepted(b!, { ticket: used })).toBe(true); // hence: share a store, or keep tickets short-lived
  });

  it("an asynchronous store is awaited, and one that fails refuses the ticket", async () => {
    const claimed = new Set<string>();
    const remote: TicketClaimStore = {
      claim: async (jti) => {
        await new Promise((r) => setTimeout(r, 5));
        if (claimed.has(jti)) return false;
        claimed.add(jti);
        return true;
      },
    };
    const { hosts: [a, b] } = await twoHosts(() => remote);
    const used = await ticket();
    expect(await accepted(a!, { ticket: used })).toBe(true);
    expect(await accepted(b!, { ticket: used })).toBe(false);

    const down: TicketClaimStore = { claim: () => Promise.reject(new Error("store unreachable")) };
    const { hosts: [c], logs } = await twoHosts(() => down);
    expect(await accepted(c!, { ticket: await ticket() })).toBe(false);
    expect(logs[0]).toContainEqual(expect.objectContaining({ event: "refused", status: 401, reason: "ticket claim refused: store unreachable" }));
  });
});
