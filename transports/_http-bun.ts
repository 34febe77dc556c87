/**
 * `listenHttp` on `Bun.serve`, declared structurally (bun-types is for transports/bun.ts only).
 *
 * @module
 */
import { guardHandler } from "./_http-guard.ts";
import type { FetchHandler, HttpListener } from "./http-listen.ts";

interface BunServe {
  serve(options: { hostname: string; port: number; idleTimeout: number; fetch: FetchHandler }): {
    port: number;
    stop(closeActiveConnections?: boolean): Promise<void> | void;
  };
}

/**
 * Starts a `Bun.serve` server on 127.0.0.1.
 *
 * @param handler Answers each request.
 * @param port The port (0: any free port).
 * @returns The listener.
 */
export function listenBun(handler: FetchHandler, port: number): Promise<HttpListener> {
  const bun = (globalThis as unknown as { Bun: BunServe }).Bun;
  const closing = new AbortController();
  // idleTimeout 0: a model stream may stay quiet for longer than Bun's default 10 s.
  const server = bun.serve({ hostname: "127.0.0.1", port, idleTimeout: 0, fetch: guardHandler(handler, closing.signal) });
  return Promise.resolve({
    url: `http://127.0.0.1:${server.port}`,
    port: server.port,
    server: "Bun.serve",
    close: async () => {
      closing.abort();
      await server.stop(true); // true: close open connections too
    },
  });
}
