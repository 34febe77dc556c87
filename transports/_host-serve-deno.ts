/**
 * Serves a codex host on `Deno.serve` with crossws's Deno adapter (`Deno.upgradeWebSocket`, with its idle ping).
 *
 * @module
 */
import crossws from "crossws/adapters/deno";
import type { CodexHost } from "../src/host/host-core.ts";
import { hostHooks } from "./_host-hooks.ts";
import type { ServeTarget, ServedHost } from "./_host-serve.ts";

interface DenoServe {
  serve(
    options: { hostname: string; port: number; onListen: () => void },
    handler: (request: Request, info: unknown) => Response | Promise<Response>,
  ): { addr: { port: number }; shutdown(): Promise<void> };
}

/**
 * Starts listening.
 * @param host The host.
 * @param target Address and port.
 * @returns The listening server.
 */
export function serveDeno(host: CodexHost, target: ServeTarget): Promise<ServedHost> {
  const ws = crossws({ hooks: hostHooks(host) as never, idleTimeout: Math.max(1, Math.round(host.limits.heartbeatMs / 1000)) });
  const deno = (globalThis as unknown as { Deno: DenoServe }).Deno;
  const server = deno.serve({ hostname: target.hostname, port: target.port, onListen: () => {} }, (request, info) => {
    if (request.headers.get("upgrade")?.toLowerCase() === "websocket") return ws.handleUpgrade(request, info as never);
    return host.handleRequest(request);
  });
  return Promise.resolve({
    port: server.addr.port,
    close: async () => {
      await server.shutdown();
    },
  });
}
