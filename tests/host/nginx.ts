// nginx in front of several codex hosts, for tests: the proxy configuration the README shows (generated here, so the
// README check and the test run the same text), and an nginx run in the foreground on loopback with everything it
// writes — pid, logs, temp files — in a temporary directory (no root-owned paths, nothing left behind).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One codex host behind the proxy. */
export interface ProxiedHost {
  /** Its `--host-id`. */
  id: string;
  /** `address:port` nginx reaches it at. */
  address: string;
}

/** What {@link scaleOutConfig} generates. */
export interface ScaleOutConfigOptions {
  /** nginx's `listen` value. */
  listen: string;
  /** The hosts. */
  hosts: ProxiedHost[];
  /**
   * When the host a reconnect asks for is down, send it to another host (which tells the client its channels are
   * gone) instead of answering 502 (the client then tries any host on its last attempt). Default true.
   */
  fallback?: boolean;
  /** `max_fails` on every server; absent: nginx's default (1 failure takes a server out for 10 s). */
  maxFails?: number;
  /** Prefix of the generated names (upstreams, variables), so several configs can share one nginx. */
  name?: string;
}

function upstreamName(name: string, id: string): string {
  const upstream = `${name}_${id.replace(/[^A-Za-z0-9]/g, "_")}`;
  if (upstream === `${name}_pool`) throw new Error(`Cannot name an upstream for host id ${id}: it is the pool's name`);
  return upstream;
}

/**
 * The nginx configuration for codex hosts behind one address: a fresh connection goes to any host (round robin);
 * a reconnect that resumes carries `?codexkit_host=<id>` and goes to that host.
 */
export function scaleOutConfig(options: ScaleOutConfigOptions): string {
  const name = options.name ?? "codexkit";
  const fallback = options.fallback ?? true;
  const server = (address: string, extra = "") =>
    `    server ${address}${options.maxFails !== undefined ? ` max_fails=${options.maxFails}` : ""}${extra};`;
  const width = Math.max(...options.hosts.map((h) => h.id.length), "default".length);
  const lines = [
    "# a reconnect that resumes names its host: ?codexkit_host=<its --host-id>",
    `map $arg_codexkit_host $${name}_upstream {`,
    `    ${"default".padEnd(width)} ${name}_pool;`,
    ...options.hosts.map((h) => `    ${h.id.padEnd(width)} ${upstreamName(name, h.id)};`),
    "}",
    "",
    `map $http_upgrade $${name}_connection {`,
    "    default upgrade;",
    "    ''      close;",
    "}",
    "",
    "# fresh connections: any host",
    `upstream ${name}_pool {`,
    ...options.hosts.map((h) => server(h.address)),
    "}",
    "",
    fallback
      ? "# one per host; when it is down, another host answers the resume (and the client learns its channels are gone)"
      : "# one per host; when it is down, nginx answers 502 (the client's last attempt then goes to the pool)",
  ];
  for (const host of options.hosts) {
    lines.push(`upstream ${upstreamName(name, host.id)} {`, server(host.address));
    if (fallback) for (const other of options.hosts) if (other !== host) lines.push(server(other.address, " backup"));
    lines.push("}");
  }
  lines.push(
    "",
    "server {",
    `    listen ${options.listen};`,
    "    location / {",
    `        proxy_pass http://$${name}_upstream;`,
    "        proxy_http_version 1.1;",
    "        proxy_set_header Upgrade $http_upgrade;",
    `        proxy_set_header Connection $${name}_connection;`,
    "        proxy_set_header Host $http_host;   # the hosts check it: --allow-host <this address>",
    "        proxy_read_timeout 120s;            # longer than the hosts' heartbeat (--heartbeat-ms, 20 s)",
    "    }",
    "}",
  );
  return lines.join("\n") + "\n";
}

/** The nginx binary, or an error that says how to install it (the test fails with it: never a skip). */
export function nginxBinary(): string {
  for (const candidate of ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]) if (existsSync(candidate)) return candidate;
  try {
    return execFileSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("nginx is not installed: apt-get install -y nginx (.ci/run installs it when missing)");
  }
}

/** A free TCP port on 127.0.0.1 (nginx cannot listen on port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

export interface Nginx {
  /** The access log: one line per finished request (`<request uri> <upstream addresses> <status>`). */
  accessLog(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Runs nginx in the foreground with `servers` (http-level configuration, e.g. from {@link scaleOutConfig}) until
 * `stop()`; resolves once every port in `ports` accepts connections.
 */
export async function startNginx(servers: string, ports: number[]): Promise<Nginx> {
  const binary = nginxBinary();
  const dir = await mkdtemp(join(tmpdir(), "codexkit-nginx-"));
  await chmod(dir, 0o755); // run as root, nginx's workers drop to nobody: they must reach the temp paths
  const conf = join(dir, "nginx.conf");
  await writeFile(conf, [
    "daemon off;",
    "worker_processes 1;",
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log info;`,
    "events { worker_connections 256; }",
    "http {",
    "  log_format codexkit '$request_uri $upstream_addr $status';",
    `  access_log ${dir}/access.log codexkit;`,
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${dir}/${t};`),
    servers.replace(/^/gm, "  "),
    "}",
  ].join("\n"));
  const child: ChildProcess = spawn(binary, ["-p", dir, "-c", conf, "-e", `${dir}/error.log`], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c) => (stderr += c));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const errors = async () => `${stderr}${await readFile(join(dir, "error.log"), "utf8").catch(() => "")}`.trim();
  let up = false;
  for (const deadline = Date.now() + 15_000; !up && Date.now() < deadline && child.exitCode === null;) {
    up = (await Promise.all(ports.map(accepts))).every(Boolean);
    if (!up) await new Promise((r) => setTimeout(r, 50));
  }
  if (!up) {
    child.kill("SIGKILL");
    await exited;
    const why = await errors();
    await rm(dir, { recursive: true, force: true });
    throw new Error(`nginx did not start: ${why || "no output"}`);
  }
  return {
    accessLog: async () => (await readFile(join(dir, "access.log"), "utf8").catch(() => "")).split("\n").filter(Boolean),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM"); // fast shutdown: master and worker exit, open connections are closed
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
