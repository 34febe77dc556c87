/**
 * Serves a codex host on Node's `node:http` with crossws's Node adapter (which carries `ws`): auth at the `upgrade`
 * event before any 101, `maxPayload` set to the frame cap (1009 above it), ping/pong heartbeat, a small header cap.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import crossws from "crossws/adapters/node";
import type { CodexHost } from "../src/host/host-core.ts";
import { hostHooks } from "./_host-hooks.ts";
import type { ServeTarget, ServedHost } from "./_host-serve.ts";

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  return new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method === "HEAD" ? "HEAD" : "GET", headers });
}

/**
 * Starts listening.
 * @param host The host.
 * @param target Address and port.
 * @returns The listening server.
 */
export async function serveNode(host: CodexHost, target: ServeTarget): Promise<ServedHost> {
  const ws = crossws({
    hooks: hostHooks(host) as never,
    serverOptions: { maxPayload: host.limits.maxFrameBytes },
    idleTimeout: Math.max(1, Math.round(host.limits.heartbeatMs / 1000)),
  });
  const server = createServer({ maxHeaderSize: 16 * 1024 }, (req: IncomingMessage, res: ServerResponse) => {
    const response = host.handleRequest(toRequest(req));
    res.writeHead(response.status, { "content-type": "text/plain" });
    void response.text().then((body) => res.end(body));
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => {});
    void ws.handleUpgrade(req, socket, head);
  });
  server.on("clientError", (_err, socket: Duplex) => {
    if (socket.writable) socket.end("HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\n\r\n");
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(target.port, target.hostname, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () => {
      server.close();
      server.closeAllConnections();
      ws.closeAll(1012, "host shutting down", true);
      return Promise.resolve();
    },
  };
}
