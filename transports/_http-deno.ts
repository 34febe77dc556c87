/**
 * `listenHttp` on `Deno.serve`.
 *
 * @module
 */
import { denoApi } from "./_deno-api.ts";
import { guardHandler } from "./_http-guard.ts";
import type { FetchHandler, HttpListener } from "./http-listen.ts";

/**
 * Starts a `Deno.serve` server on 127.0.0.1.
 *
 * @param handler Answers each request.
 * @param port The port (0: any free port).
 * @returns The listener.
 */
export function listenDeno(handler: FetchHandler, port: number): Promise<HttpListener> {
  const closing = new AbortController();
  const guarded = guardHandler(handler, closing.signal);
  // onListen silences Deno's default "Listening on …" log line.
  const server = denoApi().serve({ hostname: "127.0.0.1", port, onListen: () => {} }, (request, info) => {
    // Deno's own request.signal also aborts after a *successful* response (its legacy behaviour, with a warning).
    // Handlers get a signal that aborts only when the client goes away or the server closes, as on Node and Bun.
    const gone = new AbortController();
    info.completed.catch(() => gone.abort());
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    return guarded(
      new Request(request.url, {
        method: request.method,
        headers: request.headers,
        body: hasBody ? request.body : null,
        signal: AbortSignal.any([gone.signal, closing.signal]),
        // @ts-expect-error: a streamed request body needs `duplex`, which the DOM types lack.
        duplex: "half",
      }),
    );
  });
  const bound = server.addr.port;
  return Promise.resolve({
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    server: "Deno.serve",
    close: async () => {
      closing.abort(); // ends streaming bodies; shutdown() then waits only for responses to finish
      await server.shutdown();
    },
  });
}
