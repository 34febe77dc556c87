/**
 * `listenHttp` on Node's `node:http`: Node has no fetch-style server, so requests and responses are converted.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FetchHandler, HttpListener } from "./http-listen.ts";

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) { for (const v of value) headers.append(key, v); }
    else if (value !== undefined) headers.set(key, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const body = hasBody
    ? new ReadableStream<Uint8Array>({
      start(controller) {
        req.on("data", (chunk: Uint8Array) => controller.enqueue(new Uint8Array(chunk)));
        req.on("end", () => controller.close());
        req.on("error", (err) => controller.error(err));
      },
    })
    : null;
  return new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body,
    signal,
    // @ts-expect-error: Node's fetch needs `duplex` for streamed request bodies; not in the DOM types.
    duplex: "half",
  });
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once("drain", resolve));
    }
  } catch {
    // the client went away
  } finally {
    res.end();
  }
}

/**
 * Starts a `node:http` server on 127.0.0.1.
 *
 * @param handler Answers each request.
 * @param port The port (0: any free port).
 * @returns The listener.
 */
export function listenNodeHttp(handler: FetchHandler, port: number): Promise<HttpListener> {
  const server = createServer((req, res) => {
    const aborter = new AbortController();
    res.on("close", () => aborter.abort());
    // A client that hangs up mid-stream may only half-close; without this an endless stream never notices.
    req.socket.once("end", () => {
      aborter.abort();
      req.socket.destroy();
    });
    Promise.resolve()
      .then(() => handler(toRequest(req, aborter.signal)))
      .then((response) => writeResponse(response, res))
      .catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(`handler failed: ${(err as Error)?.message ?? err}`);
      });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        server: "node:http",
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
