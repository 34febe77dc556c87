/**
 * `codexkit host`: serve codex on this machine to remote clients over WebSocket (the relay protocol). Prints
 * `codexkit host listening on ws://HOST:PORT` as its first stdout line; structured JSON logs go to stderr (no tokens,
 * tickets or prompts). SIGTERM/SIGINT: stop accepting, close sockets with 1012, kill every codex process group, exit 0.
 *
 * Every flag has a `CODEXKIT_HOST_*` environment equivalent (`--token-file` ↔ `CODEXKIT_HOST_TOKEN_FILE`, repeatable
 * flags take a comma-separated list). codex runs with the host's own environment and CODEX_HOME.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import process from "node:process";
import { parseArgs } from "node:util";
import { createCodexHost, DEFAULT_LIMITS, type HostLimits, serveCodexHost } from "../transports/host.ts";
import { isLoopback } from "../transports/_host-serve.ts";
import type { SandboxMode } from "../src/options.ts";

/** The help text of `codexkit host`. */
export const HOST_USAGE = `codexkit host [options]   Serve codex to remote clients over WebSocket (relay protocol v1)

  --hostname <addr>            Address to listen on (default 127.0.0.1)
  --port <n>                   Port (default 0: any free port)
  --token-file <file>          Static bearer tokens, one per line (Authorization: Bearer)
  --jwt-secret-file <file>     HS256 secret for JWTs (Authorization: Bearer); --jwt-issuer, --jwt-audience
  --ticket-secret-file <file>  Secret for browser tickets (createTicket); --ticket-audience requires aud
  --max-ticket-ttl-ms <n>      Refuse tickets valid for longer (default 300000; see "Scaling out" in the README)
  --host-id <name>             This host's name behind a proxy that routes resumes to it (default: random)
  --allow-origin <origin>      Browser origin allowed to connect (repeatable, exact)
  --allow-host <host:port>     Extra accepted Host header (repeatable; the listen address is always accepted)
  --root <dir>                 Working-directory root clients are confined to (repeatable; default: cwd)
  --sandbox-ceiling <mode>     read-only | workspace-write (default) | danger-full-access
  --allow-method <method>      Extra app-server method (repeatable), e.g. command/exec or fs/*
  --allow-network              Let clients enable network access inside the sandbox
  --max-connections <n>        --max-sessions-per-principal <n>  --max-frame-bytes <n>  --max-line-bytes <n>
  --max-output-bytes <n>       --window-bytes <n>  --idle-timeout-ms <n>  --heartbeat-ms <n>  --detach-grace-ms <n>
  --approval-timeout-ms <n>    Limits (see the README's "Remote host" section)

Every flag also reads from CODEXKIT_HOST_<FLAG> (e.g. CODEXKIT_HOST_TOKEN_FILE); repeatable ones take a comma list.
At least one of --token-file, --jwt-secret-file, --ticket-secret-file is required.`;

class HostUsageError extends Error {}

const LIMIT_FLAGS: Record<string, keyof HostLimits> = {
  "max-connections": "maxConnections",
  "max-sessions-per-principal": "maxSessionsPerPrincipal",
  "max-frame-bytes": "maxFrameBytes",
  "max-line-bytes": "maxLineBytes",
  "max-output-bytes": "maxOutputBytes",
  "window-bytes": "windowBytes",
  "idle-timeout-ms": "idleTimeoutMs",
  "heartbeat-ms": "heartbeatMs",
  "detach-grace-ms": "detachGraceMs",
  "approval-timeout-ms": "approvalTimeoutMs",
};
const STRINGS = [
  "hostname",
  "port",
  "token-file",
  "jwt-secret-file",
  "jwt-issuer",
  "jwt-audience",
  "ticket-secret-file",
  "ticket-audience",
  "max-ticket-ttl-ms",
  "host-id",
  "sandbox-ceiling",
  ...Object.keys(LIMIT_FLAGS),
];
const LISTS = ["allow-origin", "allow-host", "root", "allow-method"];

function envName(flag: string): string {
  return `CODEXKIT_HOST_${flag.toUpperCase().replaceAll("-", "_")}`;
}

function readSecret(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch (err) {
    throw new HostUsageError(`Cannot read ${what} ${file}: ${(err as Error).message}`);
  }
}

function int(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new HostUsageError(`Invalid --${flag} ${value}: expected a non-negative integer`);
  return n;
}

/**
 * Runs `codexkit host` until SIGTERM/SIGINT.
 *
 * @param args The arguments after `host`.
 * @returns The exit code.
 * @throws {HostUsageError} On bad flags or missing authentication.
 */
export async function host(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      ...Object.fromEntries(STRINGS.map((f) => [f, { type: "string" as const }])),
      ...Object.fromEntries(LISTS.map((f) => [f, { type: "string" as const, multiple: true as const }])),
      "allow-network": { type: "boolean" },
    },
  });
  const v = values as Record<string, string | string[] | boolean | undefined>;
  const str = (flag: string) => (v[flag] as string | undefined) ?? process.env[envName(flag)];
  const list = (flag: string) => (v[flag] as string[] | undefined) ?? process.env[envName(flag)]?.split(",").filter(Boolean) ?? [];

  const hostname = str("hostname") ?? "127.0.0.1";
  const port = int("port", str("port") ?? "0");
  const tokenFile = str("token-file");
  const jwtFile = str("jwt-secret-file");
  const ticketFile = str("ticket-secret-file");
  if (!tokenFile && !jwtFile && !ticketFile) {
    throw new HostUsageError(
      `Cannot start the codex host on ${hostname}: no authentication configured (--token-file, --jwt-secret-file or --ticket-secret-file); ` +
        "a host is remote code execution by design and never runs without authentication",
    );
  }
  const tokens = tokenFile ? readSecret(tokenFile, "--token-file").split("\n").map((t) => t.trim()).filter(Boolean) : [];
  const limits: Partial<HostLimits> = {};
  for (const [flag, key] of Object.entries(LIMIT_FLAGS)) {
    const value = str(flag);
    if (value !== undefined) limits[key] = int(flag, value);
  }
  const ceiling = str("sandbox-ceiling");
  if (ceiling && !["read-only", "workspace-write", "danger-full-access"].includes(ceiling)) {
    throw new HostUsageError(`Invalid --sandbox-ceiling ${ceiling}`);
  }
  const log = (entry: Record<string, unknown>) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  const jwtIssuer = str("jwt-issuer");
  const jwtAudience = str("jwt-audience");
  const ticketAudience = str("ticket-audience");
  const maxTicketTtl = str("max-ticket-ttl-ms");
  const hostId = str("host-id");
  const codexHost = await createCodexHost({
    auth: {
      ...(tokens.length ? { tokens } : {}),
      ...(jwtFile ? { jwtSecrets: [readSecret(jwtFile, "--jwt-secret-file")] } : {}),
      ...(jwtIssuer ? { jwtIssuer } : {}),
      ...(jwtAudience ? { jwtAudience } : {}),
      ...(ticketFile ? { ticketSecrets: [readSecret(ticketFile, "--ticket-secret-file")] } : {}),
      ...(ticketAudience ? { ticketAudience } : {}),
      ...(maxTicketTtl !== undefined ? { maxTicketTtlMs: int("max-ticket-ttl-ms", maxTicketTtl) } : {}),
    },
    ...(hostId !== undefined ? { hostId } : {}),
    roots: list("root").length ? list("root") : [process.cwd()],
    allowOrigins: list("allow-origin"),
    allowHosts: list("allow-host"),
    allowMethods: list("allow-method"),
    policy: {
      ...(ceiling ? { sandboxCeiling: ceiling as SandboxMode } : {}),
      ...(v["allow-network"] || process.env[envName("allow-network")] === "1" ? { allowNetworkAccess: true } : {}),
    },
    limits: { ...DEFAULT_LIMITS, ...limits },
    log,
  }).catch((err: unknown) => {
    throw new HostUsageError((err as Error).message);
  });
  const server = await serveCodexHost(codexHost, { hostname, port });
  process.stdout.write(`codexkit host listening on ${server.url}\n`);
  log({ event: "listening", url: server.url, loopback: isLoopback(hostname), host: codexHost.hostId, instance: codexHost.instanceId });
  await new Promise<void>((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
  });
  log({ event: "shutting-down" });
  await server.close();
  log({ event: "stopped" });
  return 0;
}

/**
 * Whether an error is a usage error of `codexkit host`.
 * @param err Any value.
 * @returns Whether it is.
 */
export const isHostUsageError = (err: unknown): boolean => err instanceof HostUsageError;
