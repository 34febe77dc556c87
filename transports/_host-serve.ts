/**
 * `serveCodexHost`: serves a codex host on the current runtime's own HTTP server (Node `node:http`, `Deno.serve`,
 * `Bun.serve`) from one set of WebSocket hooks. Only the running runtime's serving module is loaded.
 *
 * @module
 */
import type { CodexHost } from "../src/host/host-core.ts";

/** Where to listen. */
export interface ServeTarget {
  /** The address. */
  hostname: string;
  /** The port (0: any free port). */
  port: number;
}

/** A runtime's listening server. */
export interface ServedHost {
  /** The bound port. */
  port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Options of {@link serveCodexHost}. */
export interface ServeCodexHostOptions {
  /** Address to listen on. Default `127.0.0.1`. */
  hostname?: string;
  /** Port. Default 0 (any free port). */
  port?: number;
}

/** A served codex host. */
export interface CodexHostServer {
  /** `ws://HOST:PORT`. */
  url: string;
  /** The bound port. */
  port: number;
  /** Stops accepting, closes sockets with 1012, kills every codex process group, stops listening. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/**
 * Whether a listen address is loopback-only.
 * @param hostname The address.
 * @returns Whether only this machine can connect.
 */
export const isLoopback = (hostname: string): boolean => LOOPBACK.has(hostname) || hostname.startsWith("127.");

/**
 * Serves a codex host on this runtime.
 *
 * @param host The host (from `createCodexHost`).
 * @param options Address and port.
 * @returns The URL and a `close()`.
 * @example
 * ```ts
 * const server = await serveCodexHost(host, { hostname: "127.0.0.1", port: 8080 });
 * console.log(server.url); // ws://127.0.0.1:8080
 * ```
 */
export async function serveCodexHost(host: CodexHost, options: ServeCodexHostOptions = {}): Promise<CodexHostServer> {
  const hostname = options.hostname ?? "127.0.0.1";
  const target = { hostname, port: options.port ?? 0 };
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  const served = g.Deno !== undefined
    ? await (await import("./_host-serve-deno.ts")).serveDeno(host, target)
    : g.Bun !== undefined
    ? await (await import("./_host-serve-bun.ts")).serveBun(host, target)
    : await (await import("./_host-serve-node.ts")).serveNode(host, target);
  const bracketed = hostname.includes(":") ? `[${hostname}]` : hostname;
  const names = isLoopback(hostname) ? ["127.0.0.1", "localhost", "[::1]", bracketed] : [bracketed];
  host.addAllowedHosts(names.map((n) => `${n}:${served.port}`));
  return {
    url: `ws://${bracketed}:${served.port}`,
    port: served.port,
    close: async () => {
      await host.close();
      await served.close();
    },
  };
}
