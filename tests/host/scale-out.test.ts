// Many codex hosts behind nginx, as users run them: two `codexkit host` processes (--host-id a and b) with the same
// token, JWT and ticket secrets, each with its own CODEX_HOME whose `sessions/` is one shared directory (the layout
// the README recommends across machines: codex's SQLite files stay local), and nginx in front with the
// configuration the README shows.
// Fresh connections spread over both hosts; a reconnect that resumes goes back to the host holding the session; when
// that host dies mid-thread, the turn in flight fails with HOST_GONE and the next turn runs on the other host with
// the whole history. nginx comes from Debian (.ci/run installs it); without it this suite fails, saying so.
// One pass only (the Node one): the Deno, Bun and Node 24 passes would repeat the same processes.
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Codex, flattenConfig, type ThreadEvent } from "@codexkit/sdk";
import { createTicket } from "@codexkit/sdk/ticket";
import { inputItems, lastPrompt, reply, runCommand, type ScriptedModelServer, startScriptedModel, userTexts } from "@codexkit/sdk/testing";
import { isCodexRelayError, type ReconnectOptions, websocketTransport } from "@codexkit/sdk/websocket";
import { descendantsOf, eventually, processState } from "../helpers/process-state.ts";
import { runtime } from "../helpers/runtime.ts";
import { ClientWebSocket, hs256Jwt, TOKEN } from "./helpers.ts";
import { type HostCli, startHostCli } from "./host-cli.ts";
import { freePort, type Nginx, nginxBinary, scaleOutConfig, startNginx } from "./nginx.ts";
import { rawRelay, tcpForwarder, type TcpForwarder, upgradeStatus } from "./raw.ts";

const JWT_SECRET = "jwt-secret-shared-by-every-host-0123456789";
const TICKET_SECRET = "ticket-secret-shared-by-every-host-012345";
const IDS = ["a", "b"] as const;
type Id = (typeof IDS)[number];

let dir: string;
let root: string;
let model: ScriptedModelServer;
let nginx: Nginx | undefined;
let network: TcpForwarder | undefined;
const hosts = {} as Record<Id, { port: number; cli: HostCli }>;
const ports = { proxy: 0, strict: 0 };
const transports: Array<{ close(): Promise<void> }> = [];

// The scripted model both hosts' codexes talk to: `hold …` prompts hang (a turn in flight), `sticky …` runs a
// command first, anything else is answered with its own text.
function respond(request: Parameters<typeof lastPrompt>[0]) {
  const prompt = lastPrompt(request);
  if (prompt.startsWith("hold")) return { hang: true as const };
  const afterCommand = inputItems(request).at(-1)?.type === "function_call_output";
  if (prompt.startsWith("sticky") && !afterCommand) return runCommand("echo one; sleep 1; echo two");
  return reply(`answer to ${prompt}`);
}

async function startHost(id: Id, port = 0): Promise<{ port: number; cli: HostCli }> {
  const cli = startHostCli([
    "--host-id", id,
    "--port", String(port),
    "--root", root,
    "--token-file", join(dir, "tokens"),
    "--jwt-secret-file", join(dir, "jwt-secret"),
    "--ticket-secret-file", join(dir, "ticket-secret"),
    "--max-ticket-ttl-ms", "60000",
    // the proxy passes the client's Host on: the hosts accept the proxy's addresses (and the test's network's)
    ...[ports.proxy, ports.strict, network!.port].flatMap((p) => ["--allow-host", `127.0.0.1:${p}`]),
  ], { CODEX_HOME: join(dir, `home-${id}`) });
  const url = await cli.url();
  return { port: Number(new URL(url).port), cli };
}

/** Kills a host the way a machine failure would: the host and every codex it runs, at once, with SIGKILL. */
async function crash(id: Id): Promise<void> {
  const { cli } = hosts[id];
  const pids = [cli.child.pid!, ...descendantsOf(cli.child.pid!)];
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await cli.exit;
  expect(await eventually(() => pids.every((p) => processState(p) !== "running"), 10_000)).toBe(true);
}

const count = (id: Id, event: string, mode?: string) =>
  hosts[id].cli.logs().filter((l) => l.event === event && (mode === undefined || l.mode === mode)).length;
const counts = (event: string, mode?: string) => ({ a: count("a", event, mode), b: count("b", event, mode) });

function client(port: number, reconnect: ReconnectOptions = { initialDelayMs: 10, maxDelayMs: 40, maxAttempts: 20 }) {
  const transport = websocketTransport({ url: `ws://127.0.0.1:${port}`, token: TOKEN, WebSocket: ClientWebSocket, reconnect });
  transports.push(transport);
  return transport;
}

const threadOptions = () => ({ skipGitRepoCheck: true, workingDirectory: root });
const requested = (prompt: string) => eventually(() => model.model.responseRequests.some((r) => lastPrompt(r) === prompt), 60_000);

/** The host that opened a session since `before` (exactly one must have). */
function hostOfNewSession(before: Record<Id, number>, mode: string): Id {
  const now = counts("session-opened", mode);
  const grown = IDS.filter((id) => now[id] > before[id]);
  expect(grown).toHaveLength(1);
  return grown[0]!;
}

/** The first access-log line that matches, once nginx has written it. */
async function logLine(match: (line: string) => boolean): Promise<string> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const line = (await nginx!.accessLog()).find(match);
    if (line) return line;
  }
  return "";
}

const onePass = runtime === "node" && (process.env.CODEXKIT_TEST_PASS ?? "node") === "node";

describe.runIf(onePass)("many codex hosts behind nginx", { timeout: 180_000 }, () => {
  // A set-up that fails (no nginx) fails every test with its message; vitest would report them as skipped otherwise.
  let setupError: unknown;
  beforeEach(() => {
    if (setupError) throw setupError;
  });

  beforeAll(() => setUp().catch((err: unknown) => void (setupError = err)), 120_000);

  async function setUp(): Promise<void> {
    nginxBinary(); // first: without nginx, fail at once saying how to install it
    dir = await realpath(await mkdtemp(join(tmpdir(), "codexkit-scale-")));
    root = join(dir, "root");
    await mkdir(root);
    model = await startScriptedModel([], { fallback: respond });
    await mkdir(join(dir, "sessions"));
    for (const id of IDS) {
      await mkdir(join(dir, `home-${id}`));
      await writeFile(join(dir, `home-${id}`, "config.toml"), flattenConfig(model.config).join("\n") + "\n");
      await symlink(join(dir, "sessions"), join(dir, `home-${id}`, "sessions")); // the shared storage
    }
    await writeFile(join(dir, "tokens"), `${TOKEN}\n`);
    await writeFile(join(dir, "jwt-secret"), JWT_SECRET);
    await writeFile(join(dir, "ticket-secret"), TICKET_SECRET);
    ports.proxy = await freePort();
    ports.strict = await freePort();
    network = await tcpForwarder(new URL(`ws://127.0.0.1:${ports.proxy}`));
    for (const id of IDS) hosts[id] = await startHost(id);
    const proxied = IDS.map((id) => ({ id, address: `127.0.0.1:${hosts[id].port}` }));
    // max_fails=0: a host that was down is tried again at once when it is back (nginx's default waits 10 s)
    const config = scaleOutConfig({ listen: `127.0.0.1:${ports.proxy}`, hosts: proxied, maxFails: 0 }) +
      scaleOutConfig({ listen: `127.0.0.1:${ports.strict}`, hosts: proxied, maxFails: 0, fallback: false, name: "strict" });
    nginx = await startNginx(config, [ports.proxy, ports.strict]);
  }

  afterAll(async () => {
    await Promise.all(transports.map((t) => t.close()));
    await nginx?.stop();
    await network?.close();
    for (const id of IDS) {
      const cli = hosts[id]?.cli;
      if (cli && cli.child.exitCode === null && cli.child.signalCode === null) {
        cli.child.kill("SIGTERM");
        await cli.exit;
      }
    }
    await model?.close();
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  }, 60_000);

  it("JWTs and tickets verify on every host that shares the key", async () => {
    const helloHost = async (relay: Awaited<ReturnType<typeof rawRelay>>) => {
      const hello = await relay.next((f) => f.frame.case === "hello");
      relay.close();
      return (hello.frame.value as { hostId: string }).hostId;
    };
    const url = `ws://127.0.0.1:${ports.proxy}`;
    const jwt = await hs256Jwt({ sub: "carol", exp: Math.floor(Date.now() / 1000) + 60 }, JWT_SECRET);
    // round robin: two fresh connections in a row reach both hosts
    const viaJwt = [await helloHost(await rawRelay(url, jwt)), await helloHost(await rawRelay(url, jwt))];
    const ticket = () => createTicket({ secret: TICKET_SECRET, principal: "carol", ttlMs: 30_000 });
    const viaTicket = [
      await helloHost(await rawRelay(url, undefined, { ticket: await ticket() })),
      await helloHost(await rawRelay(url, undefined, { ticket: await ticket() })),
    ];
    expect(viaJwt.sort()).toEqual(["a", "b"]);
    expect(viaTicket.sort()).toEqual(["a", "b"]);
    // --max-ticket-ttl-ms 60000 on both: a ticket valid for two minutes is refused by each
    const long = await createTicket({ secret: TICKET_SECRET, principal: "carol", ttlMs: 120_000 });
    const offer = { host: `127.0.0.1:${ports.proxy}`, "sec-websocket-protocol": `codexkit.relay.v1, codexkit.ticket.${long}` };
    expect([await upgradeStatus(ports.proxy, offer), await upgradeStatus(ports.proxy, offer)]).toEqual([401, 401]);
    expect(IDS.every((id) => hosts[id].cli.logs().some((l) => l.reason === "ticket lifetime too long"))).toBe(true);
  });

  it("turns on fresh connections spread over both hosts", async () => {
    const before = counts("session-opened", "exec");
    const turns = await Promise.all([1, 2, 3, 4].map((i) =>
      new Codex({ transport: client(ports.proxy) }).startThread(threadOptions()).run(`spread ${i}`)
    ));
    expect(turns.map((t) => t.finalResponse)).toEqual([1, 2, 3, 4].map((i) => `answer to spread ${i}`));
    const after = counts("session-opened", "exec");
    expect({ a: after.a - before.a, b: after.b - before.b }).toEqual({ a: 2, b: 2 });
  });

  it("a reconnect that resumes goes back to the host holding the session: every event once", async () => {
    const transport = websocketTransport({
      url: network!.url,
      token: TOKEN,
      WebSocket: ClientWebSocket,
      reconnect: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 100 },
    });
    transports.push(transport);
    const thread = new Codex({ transport }).startThread(threadOptions());
    const opened = counts("session-opened", "exec");
    const connected = counts("connected");
    const { events } = await thread.runStreamed("sticky turn");
    const seen: ThreadEvent[] = [];
    for await (const event of events) {
      seen.push(event);
      // mid-turn (the command sleeps 1 s), the network between client and proxy fails for 2.5 s: the rest of the turn
      // happens meanwhile, and reaches the client when the resume replays it
      if (event.type === "item.started" && seen.filter((e) => e.type === "item.started").length === 1) network!.cut({ refuseMs: 2500 });
    }
    const holder = hostOfNewSession(opened, "exec");
    const other: Id = holder === "a" ? "b" : "a";
    expect(count(holder, "session-resumed")).toBe(1);
    expect(count(holder, "connected")).toBe(connected[holder] + 2);
    expect(count(other, "connected")).toBe(connected[other]);
    // every event once: one start and one completion per item, one terminal event, the command's whole output
    const ids = (type: string) => seen.flatMap((e) => (e.type === type ? [(e as { item: { id: string } }).item.id] : []));
    expect(new Set(ids("item.completed")).size).toBe(ids("item.completed").length);
    expect(new Set(ids("item.started")).size).toBe(ids("item.started").length);
    expect(seen.filter((e) => e.type === "turn.completed")).toHaveLength(1);
    expect(seen.filter((e) => e.type === "thread.started")).toHaveLength(1);
    const command = seen.find((e) => e.type === "item.completed" && e.item.type === "command_execution");
    expect(JSON.stringify(command)).toMatch(/one\\n.*two/);
    expect(seen.at(-1)).toMatchObject({ type: "turn.completed" });
    // the resume asked the proxy for its host by name, and the proxy sent it there
    await transport.close();
    // (nginx logs a WebSocket once it has ended)
    expect(await logLine((l) => l.includes(`codexkit_host=${holder}`))).toBe(`/?codexkit_host=${holder} 127.0.0.1:${hosts[holder].port} 101`);
  });

  it("exec: killing the host mid-thread fails the turn in flight with HOST_GONE; the next turn runs on the other host with the history", async () => {
    const codex = new Codex({ transport: client(ports.proxy) });
    const thread = codex.startThread(threadOptions());
    const opened = counts("session-opened", "exec");
    expect((await thread.run("remember kiwi")).finalResponse).toBe("answer to remember kiwi");
    const holder = hostOfNewSession(opened, "exec");
    const other: Id = holder === "a" ? "b" : "a";
    const inFlight = thread.run("hold exec").catch((e: unknown) => e);
    expect(await requested("hold exec")).toBe(true);
    await crash(holder);
    const err = await inFlight;
    expect(isCodexRelayError(err)).toBe(true);
    expect(err).toMatchObject({ reason: "HOST_GONE" });
    expect((err as Error).message).toContain(`codex host "${holder}" that ran it is gone (the reconnect reached host "${other}")`);
    expect((err as Error).message).toMatch(/resumeThread/);

    const before = counts("session-opened", "exec");
    const next = await thread.run("what came first");
    expect(next.finalResponse).toBe("answer to what came first");
    expect(hostOfNewSession(before, "exec")).toBe(other);
    const request = model.model.responseRequests.at(-1)!;
    expect(userTexts(request)).toEqual(expect.arrayContaining(["remember kiwi", "what came first"]));
    expect(JSON.stringify(inputItems(request))).toContain("answer to remember kiwi");

    // a new client resumes it by id and the conversation is still whole
    const later = await new Codex({ transport: client(ports.proxy) }).resumeThread(thread.id!, threadOptions()).run("and then");
    expect(later.finalResponse).toBe("answer to and then");
    expect(userTexts(model.model.responseRequests.at(-1)!)).toEqual(expect.arrayContaining(["remember kiwi", "what came first", "and then"]));

    hosts[holder] = await startHost(holder, hosts[holder].port); // back, same name, same port
  });

  it("app-server: the same, through a proxy that answers 502 for a dead host (the client's last attempt goes anywhere)", async () => {
    const codex = new Codex({ transport: client(ports.strict, { initialDelayMs: 10, maxDelayMs: 40, maxAttempts: 8 }), backend: "app-server" });
    try {
      const thread = codex.startThread({ workingDirectory: root });
      const opened = counts("session-opened", "app-server");
      expect((await thread.run("remember plum")).finalResponse).toBe("answer to remember plum");
      const holder = hostOfNewSession(opened, "app-server");
      const other: Id = holder === "a" ? "b" : "a";
      const inFlight = thread.run("hold app-server").catch((e: unknown) => e);
      expect(await requested("hold app-server")).toBe(true);
      await crash(holder);
      const err = await inFlight;
      expect(isCodexRelayError(err)).toBe(true);
      expect(err).toMatchObject({ reason: "HOST_GONE" });

      const before = counts("session-opened", "app-server");
      const next = await thread.run("what came first");
      expect(next.finalResponse).toBe("answer to what came first");
      expect(hostOfNewSession(before, "app-server")).toBe(other); // a fresh app-server, the thread resumed on it
      const request = model.model.responseRequests.at(-1)!;
      expect(userTexts(request)).toEqual(expect.arrayContaining(["remember plum", "what came first"]));
      expect(JSON.stringify(inputItems(request))).toContain("answer to remember plum");
      // the sticky attempts got 502 from the proxy; the last one went to the pool and reached the other host
      const log = await nginx!.accessLog();
      expect(log.filter((l) => l.startsWith(`/?codexkit_host=${holder} `) && l.endsWith(" 502")).length).toBeGreaterThanOrEqual(1);
    } finally {
      await codex.close();
    }
  });
});
