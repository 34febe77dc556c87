/**
 * Serves a `Request → Response` handler on 127.0.0.1 with the runtime's own HTTP server: `Deno.serve` on Deno,
 * `Bun.serve` on Bun, `node:http` on Node. Used by the scripted model server; loopback only, by design.
 *
 * @module
 */
import { listenBun } from "./_http-bun.ts";
import { listenDeno } from "./_http-deno.ts";
import { listenNodeHttp } from "./_http-node.ts";

/** A listening server. */
export interface HttpListener {
  /** Base URL, e.g. `http://127.0.0.1:43210`. */
  url: string;
  /** The port. */
  port: number;
  /** Which server implementation answers. */
  server: "node:http" | "Deno.serve" | "Bun.serve";
  /** Stops listening and closes open connections, streaming responses included. */
  close(): Promise<void>;
}

/** A fetch-style handler. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/**
 * Starts an HTTP server on 127.0.0.1 with the current runtime's native server.
 *
 * @param handler Answers each request.
 * @param options `port` (default 0: any free port).
 * @returns The listener.
 * @example
 * ```ts
 * const server = await listenHttp((req) => new Response("ok"));
 * await server.close();
 * ```
 */
export function listenHttp(handler: FetchHandler, options: { port?: number } = {}): Promise<HttpListener> {
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  const port = options.port ?? 0;
  // Deno and Bun implement node:http too, but their own servers are the native, faster path.
  if (g.Deno !== undefined) return listenDeno(handler, port);
  if (g.Bun !== undefined) return listenBun(handler, port);
  return listenNodeHttp(handler, port);
}
