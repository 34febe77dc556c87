/**
 * `listenHttp` on `Bun.serve`.
 *
 * @module
 */
import { bunApi } from "./_bun-api.ts";
import { guardHandler } from "./_http-guard.ts";
import type { FetchHandler, HttpListener } from "./http-listen.ts";

/**
 * Starts a `Bun.serve` server on 127.0.0.1.
 *
 * @param handler Answers each request.
 * @param port The port (0: any free port).
 * @returns The listener.
 */
export function listenBun(handler: FetchHandler, port: number): Promise<HttpListener> {
  const closing = new AbortController();
  // idleTimeout 0: a model stream may stay quiet for longer than Bun's default 10 s.
  const server = bunApi().serve({
    hostname: "127.0.0.1",
    port,
    idleTimeout: 0,
    fetch: guardHandler(handler, closing.signal),
  });
  const bound = server.port ?? port; // undefined only for unix sockets
  return Promise.resolve({
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    server: "Bun.serve",
    close: async () => {
      closing.abort();
      await server.stop(true); // true: close open connections too
    },
  });
}
