// The codex host attacked as the threat model says an attacker would (shared/reference/remote-host-security.md).
// Every case asserts the refusal AND that nothing was spawned (the host's transport records every codex it starts;
// the scripted model records every request codex makes).
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LaunchSpec } from "@codexkit/sdk";
import { createTicket } from "@codexkit/sdk/ticket";
import { isCodexRelayError } from "@codexkit/sdk/websocket";
import { runtime } from "../helpers/runtime.ts";
import { startHost, TOKEN, type TestHost } from "./helpers.ts";
import { httpStatus, rawRelay, upgradeStatus } from "./raw.ts";

const TICKET_SECRET = "ticket-secret-for-the-adversarial-suite!!";
const JWT_SECRET = "jwt-secret-for-the-adversarial-suite-xxxxx";
const ORIGIN = "https://app.example.com";

let h: TestHost;
let outside: string;
let spawnedBefore = 0;

beforeAll(async () => {
  h = await startHost({
    auth: { tokens: [TOKEN], ticketSecrets: [TICKET_SECRET], ticketAudience: "test-host", jwtSecrets: [JWT_SECRET] },
    allowOrigins: [ORIGIN],
    limits: { maxSessionsPerPrincipal: 1 },
  });
  outside = join(h.root, "..", "outside");
  await mkdir(outside);
  await writeFile(join(outside, "secret.png"), "not really a png");
  await symlink(outside, join(h.root, "escape"));
  await symlink(join(outside, "secret.png"), join(h.root, "image.png"));
}, 120_000);
afterAll(() => h.close(), 120_000);
beforeEach(() => {
  spawnedBefore = h.transport.specs.length;
});

function nothingSpawned(): void {
  expect(h.transport.specs.length).toBe(spawnedBefore);
  expect(h.host.stats().spawned).toBe(spawnedBefore);
  expect(h.model.requests).toHaveLength(0);
}

const good = () => ({ host: `127.0.0.1:${h.port}`, authorization: `Bearer ${TOKEN}`, "sec-websocket-protocol": "codexkit.relay.v1" });

async function refused(spec: Partial<LaunchSpec> & { options?: LaunchSpec["options"] }): Promise<unknown> {
  const transport = h.client({ reconnect: false });
  const full = { mode: "exec", options: {}, ...spec } as LaunchSpec;
  return await transport.open(full).then(() => "opened", (e) => e);
}

function expectDenied(err: unknown, pattern?: RegExp): void {
  expect(isCodexRelayError(err)).toBe(true);
  expect((err as { reason: string }).reason).toBe("POLICY_DENIED");
  if (pattern) expect((err as Error).message).toMatch(pattern);
  nothingSpawned();
}

describe("the codex host under attack: the upgrade", { timeout: 60_000 }, () => {
  it("1. no credentials → 401, nothing spawned", async () => {
    const { authorization: _a, ...headers } = good();
    expect(await upgradeStatus(h.port, headers)).toBe(401);
    nothingSpawned();
  });
  it("2a. a wrong token → 401", async () => {
    expect(await upgradeStatus(h.port, { ...good(), authorization: "Bearer not-the-token-at-all-xxxx" })).toBe(401);
    nothingSpawned();
  });
  it("2b. the token with one byte flipped → 401", async () => {
    const flipped = TOKEN.slice(0, 5) + String.fromCharCode(TOKEN.charCodeAt(5) ^ 1) + TOKEN.slice(6);
    expect(await upgradeStatus(h.port, { ...good(), authorization: `Bearer ${flipped}` })).toBe(401);
    nothingSpawned();
  });
  it("2c. an expired ticket → 401", async () => {
    const ticket = await createTicket({ secret: TICKET_SECRET, principal: "p", audience: "test-host", ttlMs: 1 });
    await new Promise((r) => setTimeout(r, 10));
    const { authorization: _a, ...headers } = good();
    expect(await upgradeStatus(h.port, { ...headers, "sec-websocket-protocol": `codexkit.relay.v1, codexkit.ticket.${ticket}` })).toBe(401);
    nothingSpawned();
  });
  it("2d. a ticket for another audience → 401", async () => {
    const ticket = await createTicket({ secret: TICKET_SECRET, principal: "p", audience: "other-host" });
    const { authorization: _a, ...headers } = good();
    expect(await upgradeStatus(h.port, { ...headers, "sec-websocket-protocol": `codexkit.relay.v1, codexkit.ticket.${ticket}` })).toBe(401);
    nothingSpawned();
  });
  it("2e. a forged ticket (another secret) → 401", async () => {
    const ticket = await createTicket({ secret: "attacker-owned-secret-that-is-32-bytes+", principal: "p", audience: "test-host" });
    const { authorization: _a, ...headers } = good();
    expect(await upgradeStatus(h.port, { ...headers, "sec-websocket-protocol": `codexkit.relay.v1, codexkit.ticket.${ticket}` })).toBe(401);
    nothingSpawned();
  });
  it("2f. a replayed ticket → 401 the second time", async () => {
    const ticket = await createTicket({ secret: TICKET_SECRET, principal: "p", audience: "test-host" });
    const { authorization: _a, ...headers } = good();
    const offer = { ...headers, "sec-websocket-protocol": `codexkit.relay.v1, codexkit.ticket.${ticket}` };
    expect(await upgradeStatus(h.port, offer)).toBe(101);
    expect(await upgradeStatus(h.port, offer)).toBe(401);
    nothingSpawned();
  });
  it("2g. a JWT with alg none → 401", async () => {
    const enc = (o: object) => btoa(JSON.stringify(o)).replaceAll("=", "").replaceAll("+", "-").replaceAll("/", "_");
    const token = `${enc({ alg: "none", typ: "JWT" })}.${enc({ sub: "root", exp: Date.now() / 1000 + 600 })}.`;
    expect(await upgradeStatus(h.port, { ...good(), authorization: `Bearer ${token}` })).toBe(401);
    nothingSpawned();
  });
  it("2h. a token in a cookie does not authenticate → 401", async () => {
    const { authorization: _a, ...headers } = good();
    expect(await upgradeStatus(h.port, { ...headers, cookie: `token=${TOKEN}` })).toBe(401);
    nothingSpawned();
  });
  it("2i. X-Forwarded-For: 127.0.0.1 is no bypass → 401", async () => {
    const { authorization: _a, ...headers } = good();
    expect(await upgradeStatus(h.port, { ...headers, "x-forwarded-for": "127.0.0.1", "x-forwarded-host": "localhost" })).toBe(401);
    nothingSpawned();
  });
  it("3a. Origin https://evil.example → 403", async () => {
    expect(await upgradeStatus(h.port, { ...good(), origin: "https://evil.example" })).toBe(403);
    nothingSpawned();
  });
  it("3b. Origin null → 403", async () => {
    expect(await upgradeStatus(h.port, { ...good(), origin: "null" })).toBe(403);
    nothingSpawned();
  });
  it("3c. a look-alike Origin suffix → 403; the allowed origin → 101", async () => {
    expect(await upgradeStatus(h.port, { ...good(), origin: "https://app.example.com.evil.com" })).toBe(403);
    expect(await upgradeStatus(h.port, { ...good(), origin: "https://app.example.com:443/" })).toBe(403);
    expect(await upgradeStatus(h.port, { ...good(), origin: ORIGIN })).toBe(101);
    nothingSpawned();
  });
  it("4a. Host: rebind.evil.example on the upgrade → 403", async () => {
    expect(await upgradeStatus(h.port, { ...good(), host: "rebind.evil.example" })).toBe(403);
    nothingSpawned();
  });
  it("4b. Host: rebind.evil.example on the health endpoint → 403; the real host → 200", async () => {
    expect(await httpStatus(h.port, { host: "rebind.evil.example" })).toBe(403);
    expect(await httpStatus(h.port, { host: `127.0.0.1:${h.port}` })).toBe(200);
    nothingSpawned();
  });
  it("a missing relay subprotocol → 400", async () => {
    expect(await upgradeStatus(h.port, { ...good(), "sec-websocket-protocol": "chat" })).toBe(400);
    nothingSpawned();
  });
  it("oversized request headers → refused before any handler", async () => {
    const status = await upgradeStatus(h.port, { ...good(), "x-padding": "a".repeat(64 * 1024) });
    expect([400, 413, 431, 0]).toContain(status);
    nothingSpawned();
  });
});

describe("the codex host under attack: frames", { timeout: 60_000 }, () => {
  it("6. a frame over the size cap → closed with 1009, nothing spawned", async () => {
    const relay = await rawRelay(h.url);
    relay.sendBytes(new Uint8Array(h.host.limits.maxFrameBytes + 1));
    expect(await relay.closed).toBe(1009);
    nothingSpawned();
  });
  it("a text frame → closed with 1003", async () => {
    const relay = await rawRelay(h.url);
    relay.sendBytes("{\"open\":{}}");
    expect(await relay.closed).toBe(1003);
    nothingSpawned();
  });
  it("garbage frames → typed errors, then 1008; the host stays up", async () => {
    const relay = await rawRelay(h.url);
    for (let i = 0; i < 40; i++) relay.sendBytes(new Uint8Array([0xff, 0xff, 0xff, i]));
    // Deno's node:http compatibility hands the ws client an abrupt end instead of the close frame
    expect(runtime === "deno" ? [1008, 1006] : [1008]).toContain(await relay.closed);
    expect(relay.frames.some((f) => f.frame.case === "error")).toBe(true);
    expect(await httpStatus(h.port, { host: `127.0.0.1:${h.port}` })).toBe(200);
    nothingSpawned();
  });
  it("frames for unknown channels → UNKNOWN_CHANNEL errors, nothing else happens", async () => {
    const relay = await rawRelay(h.url);
    relay.send({ frame: { case: "stdin", value: { channel: 99, seq: 1n, text: "rm -rf /\n" } } });
    relay.send({ frame: { case: "kill", value: { channel: 98 } } });
    const err = await relay.next((f) => f.frame.case === "error" && f.frame.value.channel === 98);
    expect(err.frame.case).toBe("error");
    relay.close();
    nothingSpawned();
  });
  it("resume with a made-up session or a wrong token → RESUME_DENIED", async () => {
    const relay = await rawRelay(h.url);
    relay.send({ frame: { case: "resume", value: { channel: 1, sessionId: "nope", resumeToken: "guess", afterSeq: 0n } } });
    const f = await relay.next((x) => x.frame.case === "error");
    expect(f.frame.value).toMatchObject({ channel: 1, code: 9 });
    relay.close();
    nothingSpawned();
  });
});

describe("the codex host under attack: launch policy", { timeout: 60_000 }, () => {
  it("7a. danger-full-access → POLICY_DENIED", async () => {
    expectDenied(await refused({ options: { sandboxMode: "danger-full-access" } }), /at most workspace-write/);
  });
  it("7b. a working directory of / → POLICY_DENIED", async () => {
    expectDenied(await refused({ options: { workingDirectory: "/" } }), /outside the host's roots/);
  });
  it("7c. root/../.. → POLICY_DENIED", async () => {
    expectDenied(await refused({ options: { workingDirectory: `${h.root}/../..` } }), /"\.\."/);
  });
  it("7d. a relative working directory → POLICY_DENIED", async () => {
    expectDenied(await refused({ options: { workingDirectory: "repo" } }), /absolute/);
  });
  it("19a. a working directory through a symlink out of the root → POLICY_DENIED", async () => {
    expectDenied(await refused({ options: { workingDirectory: join(h.root, "escape") } }), /outside/);
  });
  it("an added directory outside the roots → POLICY_DENIED", async () => {
    expectDenied(await refused({ options: { additionalDirectories: ["/etc"] } }));
  });
  it("19b. a local_image path that is a symlink leaving the roots → POLICY_DENIED", async () => {
    expectDenied(await refused({ images: [join(h.root, "image.png")] }), /outside/);
  });
  it("a local_image path outside the roots → POLICY_DENIED", async () => {
    expectDenied(await refused({ images: ["/etc/passwd"] }));
  });
  for (const [name, config] of [
    ["notify", { notify: ["/bin/sh", "-c", "touch /tmp/pwned"] }],
    ["model_providers", { model_providers: { evil: { base_url: "http://evil.example/v1" } } }],
    ["model_provider", { model_provider: "evil" }],
    ["mcp_servers", { mcp_servers: { x: { command: "/bin/sh" } } }],
    ["shell_environment_policy", { shell_environment_policy: { set: { LD_PRELOAD: "/tmp/x.so" } } }],
    ["profiles", { profiles: { x: { model: "y" } } }],
    ["openai_base_url", { openai_base_url: "http://evil.example" }],
    ["sandbox_mode", { sandbox_mode: "danger-full-access" }],
    ["approval_policy", { approval_policy: "never" }],
    ["projects trust", { projects: { "/": { trust_level: "trusted" } } }],
  ] as const) {
    it(`18. a client config override of ${name} → POLICY_DENIED; the program never runs, no request leaves`, async () => {
      expectDenied(await refused({ options: { config: config as never } }), /Cannot set config/);
    });
  }
  it("a feature override that smuggles a forbidden key → POLICY_DENIED", async () => {
    expectDenied(await refused({ options: { featureOverrides: { "x.notify": true } as never } }));
  });
  it("network access inside the sandbox when the host does not allow it → POLICY_DENIED", async () => {
    expectDenied(await refused({ options: { networkAccessEnabled: true } }));
  });
  it("resume --last (another principal's newest session) → POLICY_DENIED", async () => {
    expectDenied(await refused({ resume: { last: true } }));
  });
  it("host-owned options (binary, env, CODEX_HOME, API key, base URL, raw config) never leave the client", async () => {
    for (const options of [
      { codexPathOverride: "/bin/sh" },
      { env: { LD_PRELOAD: "/x.so" } },
      { codexHome: "/root/.codex" },
      { apiKey: "sk-x" },
      { baseUrl: "http://evil.example" },
      { configOverrides: ["notify=['sh']"] },
      { profile: "evil" },
    ]) {
      const err = await refused({ options });
      expect((err as { code?: string }).code).toBe("CODEX_OPTIONS_ERROR");
    }
    nothingSpawned();
  });
  it("9. more sessions than the per-principal cap → LIMIT_EXCEEDED, nothing more spawned", async () => {
    const transport = h.client({ reconnect: false });
    const first = await transport.open({ mode: "app-server", options: {} });
    const spawned = h.transport.specs.length;
    const err = await transport.open({ mode: "app-server", options: {} }).catch((e) => e);
    expect(isCodexRelayError(err) && err.reason === "LIMIT_EXCEEDED").toBe(true);
    expect(h.transport.specs.length).toBe(spawned);
    first.kill();
    await first.exited;
  });
  it("17. the token never appears in the host's logs", () => {
    const text = JSON.stringify(h.logs);
    expect(h.logs.length).toBeGreaterThan(10);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(TICKET_SECRET);
    expect(text).not.toContain("codexkit.ticket.");
  });
});
