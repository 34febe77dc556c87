// Authentication at the upgrade: static tokens, HS256 JWTs and single-use tickets, attacked the usual ways.
import { describe, expect, it } from "vitest";
import { createTicket } from "@codexkit/sdk/ticket";
import { Authenticator } from "@codexkit/sdk/host";

const utf8 = (s: string) => new TextEncoder().encode(s);
const base64UrlEncode = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
const hmacKey = (secret: string) =>
  crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);

const TOKEN = "static-token-abcdefghijklmnop";
const SECRET = "jwt-secret-that-is-at-least-32-bytes-long!!";
const TICKET_SECRET = "ticket-secret-that-is-at-least-32-bytes!!";

const req = (headers: Record<string, string>) => new Request("http://127.0.0.1/", { headers });
const bearer = (t: string) => req({ authorization: `Bearer ${t}` });
const withTicket = (t: string) => req({ "sec-websocket-protocol": `codexkit.relay.v1, codexkit.ticket.${t}` });

async function jwt(header: Record<string, unknown>, claims: Record<string, unknown>, secret = SECRET): Promise<string> {
  const h = base64UrlEncode(utf8(JSON.stringify(header)));
  const p = base64UrlEncode(utf8(JSON.stringify(claims)));
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), utf8(`${h}.${p}`)));
  return `${h}.${p}.${base64UrlEncode(sig)}`;
}
const now = () => Math.floor(Date.now() / 1000);

describe("host authentication", () => {
  it("accepts a configured token and refuses a missing, wrong or one-byte-flipped one", async () => {
    const auth = await Authenticator.create({ tokens: [TOKEN, { token: "second-token-abcdefghij", principal: "ci" }] });
    expect(await auth.authenticate(bearer(TOKEN))).toMatchObject({ ok: true, principal: "token:1" });
    expect(await auth.authenticate(bearer("second-token-abcdefghij"))).toMatchObject({ ok: true, principal: "ci" });
    expect(await auth.authenticate(req({}))).toMatchObject({ ok: false, status: 401 });
    expect(await auth.authenticate(bearer("wrong-token-abcdefghijklmn"))).toMatchObject({ ok: false });
    const flipped = TOKEN.slice(0, -1) + String.fromCharCode(TOKEN.charCodeAt(TOKEN.length - 1) ^ 1);
    expect(await auth.authenticate(bearer(flipped))).toMatchObject({ ok: false });
    expect(await auth.authenticate(req({ authorization: `Basic ${btoa("a:b")}` }))).toMatchObject({ ok: false });
    expect(await auth.authenticate(req({ cookie: `token=${TOKEN}` }))).toMatchObject({ ok: false });
  });

  it("refuses weak secrets and short tokens", async () => {
    await expect(Authenticator.create({ tokens: ["short"] })).rejects.toThrow(/16 characters/);
    await expect(Authenticator.create({ jwtSecrets: ["too-short"] })).rejects.toThrow(/32 bytes/);
    await expect(Authenticator.create({ ticketSecrets: ["too-short"] })).rejects.toThrow(/32 bytes/);
  });

  it("accepts an HS256 JWT and refuses alg none, other algorithms, bad signatures, expiry and wrong iss/aud", async () => {
    const auth = await Authenticator.create({ jwtSecrets: ["old-secret-that-is-at-least-32-bytes-long", SECRET], jwtIssuer: "me", jwtAudience: "codex" });
    const good = { sub: "alice", exp: now() + 60, iss: "me", aud: "codex" };
    expect(await auth.authenticate(bearer(await jwt({ alg: "HS256", typ: "JWT" }, good)))).toMatchObject({ ok: true, principal: "jwt:alice" });
    const unsigned = `${base64UrlEncode(utf8(JSON.stringify({ alg: "none" })))}.${base64UrlEncode(utf8(JSON.stringify(good)))}.`;
    expect(await auth.authenticate(bearer(unsigned))).toMatchObject({ ok: false });
    expect(await auth.authenticate(bearer(await jwt({ alg: "none" }, good)))).toMatchObject({ ok: false });
    expect(await auth.authenticate(bearer(await jwt({ alg: "HS512" }, good)))).toMatchObject({ ok: false });
    expect(await auth.authenticate(bearer(await jwt({ alg: "HS256" }, good, "another-secret-at-least-32-bytes-long!!")))).toMatchObject({ ok: false });
    expect(await auth.authenticate(bearer(await jwt({ alg: "HS256" }, { ...good, exp: now() - 120 })))).toMatchObject({ ok: false });
    expect(await auth.authenticate(bearer(await jwt({ alg: "HS256" }, { ...good, exp: now() - 10 })))).toMatchObject({ ok: true }); // skew
    const { exp: _exp, ...noExp } = good;
    expect(await auth.authenticate(bearer(await jwt({ alg: "HS256" }, noExp)))).toMatchObject({ ok: false });
    expect(await auth.authenticate(bearer(await jwt({ alg: "HS256" }, { ...good, iss: "them" })))).toMatchObject({ ok: false });
    expect(await auth.authenticate(bearer(await jwt({ alg: "HS256" }, { ...good, aud: "other" })))).toMatchObject({ ok: false });
    expect(await auth.authenticate(bearer(await jwt({ alg: "HS256" }, { ...good, nbf: now() + 600 })))).toMatchObject({ ok: false });
  });

  it("accepts a ticket once, and refuses expired, wrong-audience, forged, tampered, over-long and replayed tickets", async () => {
    const auth = await Authenticator.create({ ticketSecrets: [TICKET_SECRET], ticketAudience: "host-a" });
    const ticket = await createTicket({ secret: TICKET_SECRET, principal: "bob", audience: "host-a" });
    expect(await auth.authenticate(withTicket(ticket))).toMatchObject({ ok: true, principal: "ticket:bob", method: "ticket" });
    expect(await auth.authenticate(withTicket(ticket))).toMatchObject({ ok: false, reason: "ticket already used" });
    const expired = await createTicket({ secret: TICKET_SECRET, principal: "bob", audience: "host-a", ttlMs: 1 });
    await new Promise((r) => setTimeout(r, 5));
    expect(await auth.authenticate(withTicket(expired))).toMatchObject({ ok: false, reason: "expired ticket" });
    const otherAudience = await createTicket({ secret: TICKET_SECRET, principal: "bob", audience: "host-b" });
    expect(await auth.authenticate(withTicket(otherAudience))).toMatchObject({ ok: false, reason: "wrong ticket audience" });
    const noAudience = await createTicket({ secret: TICKET_SECRET, principal: "bob" });
    expect(await auth.authenticate(withTicket(noAudience))).toMatchObject({ ok: false });
    const forged = await createTicket({ secret: "attacker-secret-at-least-32-bytes-long!!", principal: "bob", audience: "host-a" });
    expect(await auth.authenticate(withTicket(forged))).toMatchObject({ ok: false, reason: "invalid ticket" });
    const fresh = await createTicket({ secret: TICKET_SECRET, principal: "bob", audience: "host-a" });
    const [body, sig] = fresh.split(".") as [string, string];
    const claims = JSON.parse(atob(body.replaceAll("-", "+").replaceAll("_", "/")));
    const tampered = `${base64UrlEncode(utf8(JSON.stringify({ ...claims, sub: "admin" })))}.${sig}`;
    expect(await auth.authenticate(withTicket(tampered))).toMatchObject({ ok: false, reason: "invalid ticket" });
    const long = await createTicket({ secret: TICKET_SECRET, principal: "bob", audience: "host-a", ttlMs: 3_600_000 });
    expect(await auth.authenticate(withTicket(long))).toMatchObject({ ok: false, reason: "ticket lifetime too long" });
    const a = await createTicket({ secret: TICKET_SECRET, principal: "bob", audience: "host-a" });
    const b = await createTicket({ secret: TICKET_SECRET, principal: "eve", audience: "host-a" });
    const two = req({ "sec-websocket-protocol": `codexkit.relay.v1, codexkit.ticket.${a}, codexkit.ticket.${b}` });
    expect(await auth.authenticate(two)).toMatchObject({ ok: false });
  });

  it("createTicket refuses a weak secret", async () => {
    await expect(createTicket({ secret: "short", principal: "x" })).rejects.toThrow(/32 bytes/);
  });
});
