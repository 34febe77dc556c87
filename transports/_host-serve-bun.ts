/**
 * Serves a codex host on `Bun.serve` with crossws's Bun adapter (Bun's native WebSocket, idle ping, payload cap).
 *
 * @module
 */
import type { CodexHost } from "../src/host/host-core.ts";
import { hostHooks } from "./_host-hooks.ts";
import type { ServeTarget, ServedHost } from "./_host-serve.ts";

interface BunServe {
  serve(options: {
    hostname: string;
    port: number;
    fetch: (request: Request, server: unknown) => Response | Promise<Response | undefined> | undefined;
    websocket: Record<string, unknown>;
  }): { port: number | undefined; stop(closeActive?: boolean): Promise<void> | void };
}

/**
 * Starts listening.
 * @param host The host.
 * @param target Address and port.
 * @returns The listening server.
 */
export async function serveBun(host: CodexHost, target: ServeTarget): Promise<ServedHost> {
  // crossws's Bun adapter types need bun's own declarations; load it by name so only Bun ever resolves them.
  const adapter = "crossws/adapters/bun";
  const crossws = (await import(adapter)).default as (options: Record<string, unknown>) => {
    handleUpgrade(request: Request, server: unknown): Promise<Response | undefined>;
    websocket: Record<string, unknown>;
  };
  const ws = crossws({ hooks: hostHooks(host) as never, idleTimeout: Math.max(1, Math.round(host.limits.heartbeatMs / 1000)) });
  const bun = (globalThis as unknown as { Bun: BunServe }).Bun;
  const server = bun.serve({
    hostname: target.hostname,
    port: target.port,
    fetch: (request, srv) => {
      if (request.headers.get("upgrade")?.toLowerCase() === "websocket") return ws.handleUpgrade(request, srv as never);
      return host.handleRequest(request);
    },
    websocket: { ...ws.websocket, maxPayloadLength: host.limits.maxFrameBytes },
  });
  return {
    port: server.port ?? target.port,
    close: async () => {
      await server.stop(true);
    },
  };
}
