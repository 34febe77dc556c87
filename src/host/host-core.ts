/**
 * The runtime-neutral codex host: authentication and request checks at the upgrade, the session table, policy and
 * limits, and shutdown. It opens codex through any {@link Transport}; a serving layer (crossws on Node, Deno or Bun)
 * feeds it requests and sockets.
 *
 * @module
 */
import type { Transport } from "../transport.ts";
import type { OpenChannel } from "../gen/relay_pb.ts";
import { RELAY_PROTOCOL } from "../relay/protocol.ts";
import { CodexRelayError } from "../relay/errors.ts";
import { type AuthOptions, Authenticator } from "./auth.ts";
import { checkRequest } from "./request-guard.ts";
import { Policy, type PolicyOptions } from "./policy.ts";
import { DEFAULT_LIMITS, type HostLimits } from "./limits.ts";
import { HostSession } from "./session.ts";
import { CLOSE, HostConnection, type HostSocket } from "./connection.ts";
import { toLaunchSpec } from "./launch-spec.ts";
import { AppServerFilter } from "./app-server-filter.ts";
import { DEFAULT_METHODS } from "./method-policy.ts";
import { constantTimeEqual, randomId, sha256 } from "./encoding.ts";

/** A structured log entry (written as one JSON line by the serving layer). Never carries secrets or prompts. */
export type HostLogEntry = { event: string; [field: string]: unknown };

/** Options of {@link createCodexHost}. */
export interface CodexHostOptions {
  /** How the host starts codex (the runtime's process transport). */
  transport: Transport;
  /** Credentials; at least one kind is required. */
  auth: AuthOptions;
  /** Working-directory roots, absolute; resolved (symlinks followed) when the host is created. */
  roots: readonly string[];
  /** Canonicalises a path, following symlinks; rejects when it does not exist (e.g. `fs.promises.realpath`). */
  resolvePath: (path: string) => Promise<string>;
  /** Sandbox ceiling, approval policies, network access and config keys. */
  policy?: Omit<PolicyOptions, "roots" | "resolvePath">;
  /** App-server methods allowed on top of the defaults (`prefix/*` patterns), e.g. `["command/exec"]`. */
  allowMethods?: readonly string[];
  /** Accepted `Host` headers (`host:port`). The serving layer adds its own address. */
  allowHosts?: readonly string[];
  /** Accepted browser origins, exact. */
  allowOrigins?: readonly string[];
  /** Resource limits. */
  limits?: Partial<HostLimits>;
  /** `CODEX_HOME` per principal (one per tenant); default: the host's own. */
  codexHome?: (principal: string) => string | undefined;
  /** Allow exec's "resume the newest session" (it reads a shared CODEX_HOME). Default `false`. */
  allowResumeLast?: boolean;
  /** Stores uploaded image bytes in a private temporary file (the serving layer provides it). */
  storeImage?: (mediaType: string, data: Uint8Array) => Promise<{ path: string; cleanup: () => Promise<void> }>;
  /** Receives structured log entries. Default: none. */
  log?: (entry: HostLogEntry) => void;
  /**
   * This host's name among the hosts behind one proxy: letters, digits, `.`, `_`, `-`, at most 64. Clients that
   * reconnect to resume ask the proxy for it (`?codexkit_host=<id>`), so behind a proxy give each host the name the
   * proxy routes on (`host-a`, a pod name). Default: a random id, new at every start (enough for a single host).
   */
  hostId?: string;
}

const HOST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** What the upgrade check decided. */
export type UpgradeDecision =
  | { ok: true; principal: string; headers: Record<string, string> }
  | { ok: false; response: Response };

const refuse = (status: number, text: string): UpgradeDecision => ({
  ok: false,
  response: new Response(text, { status, headers: { "content-type": "text/plain" } }),
});

/** The host's internals, as connections see them. */
export interface HostCore {
  /** The limits in force. */
  readonly limits: HostLimits;
  /** The host's name (the proxy's routing key). */
  readonly hostId: string;
  /** New at every start of the host. */
  readonly instanceId: string;
  /** Writes a structured log entry. */
  log(entry: HostLogEntry): void;
  /** Opens a session for a principal (policy, limits, spawn). */
  openSession(principal: string, open: OpenChannel): Promise<HostSession>;
  /** Finds a session by id for its owner, checking the resume token in constant time. */
  findSession(principal: string, id: string, token: string): Promise<HostSession | undefined>;
  /** A connection went away. */
  forget(connection: HostConnection): void;
}

/**
 * A codex host: verify requests, accept sockets, stop everything.
 *
 * @example
 * ```ts
 * const host = await createCodexHost({ transport, auth: { tokens: [token] }, roots: ["/srv"], resolvePath });
 * ```
 */
export interface CodexHost {
  /** The limits in force. */
  readonly limits: HostLimits;
  /** This host's name among the hosts behind one proxy (`hostId`, or the random default). */
  readonly hostId: string;
  /** Random, new every time a host is created: tells a restarted host from the one that held a session. */
  readonly instanceId: string;
  /** Counters: open connections, live sessions, codex processes started since creation. */
  stats(): { connections: number; sessions: number; spawned: number };
  /** Checks a plain HTTP request (Host, Origin); answers `/healthz`. */
  handleRequest(request: Request): Response;
  /** Checks an upgrade request (Host, Origin, credentials, subprotocol) before any 101. */
  upgrade(request: Request): Promise<UpgradeDecision>;
  /** Accepts an authenticated socket; returns what the serving layer calls on messages and close. */
  connect(socket: HostSocket, principal: string): { receive(data: Uint8Array | ArrayBuffer | string): void; closed(): void };
  /** Adds accepted `Host` header values (the serving layer adds the address it listens on). */
  addAllowedHosts(hosts: readonly string[]): void;
  /** Stops accepting, closes every socket with 1012 and kills every codex process group. */
  close(): Promise<void>;
}

class Host implements CodexHost, HostCore {
  readonly limits: HostLimits;
  readonly hostId: string;
  readonly instanceId: string = randomId(12);
  readonly #o: CodexHostOptions;
  readonly #auth: Authenticator;
  readonly #policy: Policy;
  readonly #connections = new Set<HostConnection>();
  readonly #sessions = new Map<string, HostSession>();
  readonly #perPrincipal = new Map<string, number>();
  readonly #allowHosts: string[];
  #opening = 0;
  #spawned = 0;
  #closing = false;

  constructor(o: CodexHostOptions, auth: Authenticator, policy: Policy) {
    this.#o = o;
    this.#auth = auth;
    this.#policy = policy;
    this.limits = { ...DEFAULT_LIMITS, ...o.limits };
    this.hostId = o.hostId ?? randomId(9);
    this.#allowHosts = [...(o.allowHosts ?? [])];
  }

  addAllowedHosts(hosts: readonly string[]): void {
    for (const h of hosts) if (!this.#allowHosts.includes(h)) this.#allowHosts.push(h);
  }

  log(entry: HostLogEntry): void {
    try {
      this.#o.log?.(entry);
    } catch {
      // logging never breaks the host
    }
  }

  stats() {
    return { connections: this.#connections.size, sessions: this.#sessions.size, spawned: this.#spawned };
  }

  #guard(request: Request): Response | null {
    const refusal = checkRequest(request, { allowHosts: this.#allowHosts, allowOrigins: this.#o.allowOrigins ?? [] });
    if (!refusal) return null;
    this.log({ event: "refused", status: 403, reason: refusal.reason });
    return new Response("Forbidden", { status: 403 });
  }

  handleRequest(request: Request): Response {
    const refused = this.#guard(request);
    if (refused) return refused;
    const path = new URL(request.url, "http://host").pathname;
    if (path === "/healthz" || path === "/readyz") return new Response(this.#closing ? "closing" : "ok", { status: this.#closing ? 503 : 200 });
    return new Response("Not Found", { status: 404 });
  }

  async upgrade(request: Request): Promise<UpgradeDecision> {
    const refused = this.#guard(request);
    if (refused) return { ok: false, response: refused };
    if (this.#closing) return refuse(503, "Host is shutting down");
    const result = await this.#auth.authenticate(request);
    if (!result.ok) {
      this.log({ event: "refused", status: 401, reason: result.reason });
      return refuse(401, "Unauthorized");
    }
    const offered = (request.headers.get("sec-websocket-protocol") ?? "").split(",").map((s) => s.trim());
    if (!offered.includes(RELAY_PROTOCOL)) return refuse(400, `Expected the ${RELAY_PROTOCOL} subprotocol`);
    if (this.#connections.size >= this.limits.maxConnections) {
      this.log({ event: "refused", status: 503, reason: "connection limit" });
      return refuse(503, "Too many connections");
    }
    return { ok: true, principal: result.principal, headers: { "sec-websocket-protocol": RELAY_PROTOCOL } };
  }

  connect(socket: HostSocket, principal: string) {
    const connection = new HostConnection(this, socket, principal);
    if (this.#closing) connection.close(CLOSE.restart, "host shutting down");
    else this.#connections.add(connection);
    this.log({ event: "connected", principal });
    return { receive: (data: Uint8Array | ArrayBuffer | string) => connection.receive(data), closed: () => connection.closed() };
  }

  forget(connection: HostConnection): void {
    if (this.#connections.delete(connection)) this.log({ event: "disconnected", principal: connection.principal });
  }

  async openSession(principal: string, open: OpenChannel): Promise<HostSession> {
    if (this.#closing) throw new CodexRelayError("LIMIT_EXCEEDED", "Cannot open a channel: the host is shutting down");
    const owned = this.#perPrincipal.get(principal) ?? 0;
    if (owned >= this.limits.maxSessionsPerPrincipal) {
      throw new CodexRelayError("LIMIT_EXCEEDED", `Cannot open a channel: at most ${this.limits.maxSessionsPerPrincipal} sessions per principal`);
    }
    if (this.#sessions.size + this.#opening >= this.limits.maxSessions) {
      throw new CodexRelayError("LIMIT_EXCEEDED", "Cannot open a channel: the host is at its session limit");
    }
    this.#perPrincipal.set(principal, owned + 1);
    this.#opening++;
    const cleanups: Array<() => Promise<void>> = [];
    let registered = false;
    try {
      const codexHome = this.#o.codexHome?.(principal);
      const spec = await toLaunchSpec(open, {
        policy: this.#policy,
        ...(codexHome ? { codexHome } : {}),
        ...(this.#o.allowResumeLast ? { allowResumeLast: true } : {}),
        ...(this.#o.storeImage ? { storeImage: this.#o.storeImage } : {}),
        cleanups,
      });
      let channel;
      try {
        channel = await this.#o.transport.open(spec);
      } catch (cause) {
        throw new CodexRelayError("SPAWN_FAILED", `Cannot start codex: ${(cause as Error)?.message ?? cause}`, { cause });
      }
      this.#spawned++;
      const limit = open.maxLineBytes > 0n ? Math.min(Number(open.maxLineBytes), this.limits.maxLineBytes) : this.limits.maxLineBytes;
      const session: HostSession = new HostSession(channel, {
        id: randomId(),
        resumeToken: randomId(32),
        principal,
        windowBytes: this.limits.windowBytes,
        maxOutputBytes: this.limits.maxOutputBytes,
        detachGraceMs: this.limits.detachGraceMs,
        maxLineBytes: limit,
        cleanups,
        onEnd: (s) => {
          this.#sessions.delete(s.id);
          const n = (this.#perPrincipal.get(principal) ?? 1) - 1;
          if (n <= 0) this.#perPrincipal.delete(principal);
          else this.#perPrincipal.set(principal, n);
          this.log({ event: "session-ended", principal, session: s.id });
        },
      });
      this.#sessions.set(session.id, session);
      registered = true;
      const filter = spec.mode === "app-server"
        ? new AppServerFilter({
          policy: this.#policy,
          allowMethods: [...DEFAULT_METHODS, ...(this.#o.allowMethods ?? [])],
          approvalTimeoutMs: this.limits.approvalTimeoutMs,
          toCodex: (line) => channel.write(`${line}\n`),
          toClient: (line) => session.inject(line),
          onTimeout: (method) => this.log({ event: "declined-on-timeout", principal, method }),
        })
        : undefined;
      session.start(filter);
      this.log({ event: "session-opened", principal, session: session.id, mode: spec.mode });
      return session;
    } catch (err) {
      this.log({ event: "open-refused", principal, reason: (err as Error)?.message });
      await Promise.all(cleanups.map((c) => c().catch(() => {})));
      throw err;
    } finally {
      this.#opening--;
      if (!registered) {
        const n = (this.#perPrincipal.get(principal) ?? 1) - 1;
        if (n <= 0) this.#perPrincipal.delete(principal);
        else this.#perPrincipal.set(principal, n);
      }
    }
  }

  async findSession(principal: string, id: string, token: string): Promise<HostSession | undefined> {
    const session = this.#sessions.get(id);
    const [given, expected] = await Promise.all([sha256(token), sha256(session?.options.resumeToken ?? randomId(32))]);
    const tokenOk = constantTimeEqual(given, expected);
    if (!session || !tokenOk || session.options.principal !== principal) {
      this.log({ event: "resume-refused", principal });
      return undefined;
    }
    return session;
  }

  async close(): Promise<void> {
    this.#closing = true;
    for (const connection of [...this.#connections]) connection.close(CLOSE.restart, "host shutting down");
    const sessions = [...this.#sessions.values()];
    for (const session of sessions) session.abandon();
    await Promise.all(sessions.map((s) => s.ended));
    this.log({ event: "closed" });
  }
}

/**
 * Creates a runtime-neutral codex host. Serve it with `serveCodexHost` (Node, Deno, Bun) or wire
 * {@link CodexHost.upgrade} and {@link CodexHost.connect} into any WebSocket server.
 *
 * @param options Transport, auth, roots, policy and limits.
 * @returns The host.
 * @throws {TypeError} When no authentication is configured, a root does not exist, or `hostId` is not a valid name.
 * @example
 * ```ts
 * import { createCodexHost, serveCodexHost } from "@codexkit/sdk/host";
 * const host = await createCodexHost({ auth: { tokens: [token] }, roots: ["/srv/work"] });
 * const server = await serveCodexHost(host, { port: 8080 });
 * ```
 */
export async function createCodexHost(options: CodexHostOptions): Promise<CodexHost> {
  if (options.hostId !== undefined && !HOST_ID.test(options.hostId)) {
    throw new TypeError(`Cannot use host id ${JSON.stringify(options.hostId)}: use 1 to 64 letters, digits, ".", "_" or "-"`);
  }
  const auth = await Authenticator.create(options.auth);
  if (!auth.configured) {
    throw new TypeError("Cannot create a codex host: no authentication is configured (tokens, JWT or ticket secrets)");
  }
  const roots = await Promise.all(options.roots.map(async (root) => {
    try {
      return await options.resolvePath(root);
    } catch {
      throw new TypeError(`Cannot use root ${root}: it does not exist`);
    }
  }));
  const policy = new Policy({ ...options.policy, roots, resolvePath: options.resolvePath });
  return new Host(options, auth, policy);
}
