// Raw access to a codex host for attack tests: a hand-written HTTP upgrade request (so every header, including
// Host, is ours to choose) and a relay socket that sends arbitrary frames.
import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import WebSocket from "ws";
import { decodeHostFrame, encodeClientFrame, type ClientFrameInit } from "@codexkit/sdk/host";
import { TOKEN } from "./helpers.ts";

/** Sends a WebSocket upgrade request with exactly these headers; resolves with the status code. */
export function upgradeStatus(port: number, headers: Record<string, string>, path = "/"): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const lines = [
      `GET ${path} HTTP/1.1`,
      "Connection: Upgrade",
      "Upgrade: websocket",
      "Sec-WebSocket-Version: 13",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
    socket.write(lines.join("\r\n") + "\r\n\r\n");
  });
}

/** A plain GET with exactly these headers; resolves with the status code. */
export function httpStatus(port: number, headers: Record<string, string>, path = "/healthz"): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on("error", reject);
    socket.write([`GET ${path} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "Connection: close"].join("\r\n") + "\r\n\r\n");
  });
}

export interface RawRelay {
  frames: ReturnType<typeof decodeHostFrame>[];
  send(frame: ClientFrameInit): void;
  sendBytes(bytes: Uint8Array | string): void;
  next(predicate: (f: ReturnType<typeof decodeHostFrame>) => boolean, timeoutMs?: number): Promise<ReturnType<typeof decodeHostFrame>>;
  closed: Promise<number>;
  close(): void;
  /** Stops reading the TCP socket (a silent network: pings go unanswered). */
  silence(): void;
}

export interface TcpForwarder {
  /** The target URL, with this forwarder's address instead. */
  url: string;
  port: number;
  /** Stops moving bytes both ways on every open connection: a silent network. */
  freeze(): void;
  /** Resets every open connection, as a network failure would; new ones are refused for `refuseMs` (default 0). */
  cut(options?: { refuseMs?: number }): void;
  close(): Promise<void>;
}

/**
 * A loopback TCP forwarder in front of a server (a host, a proxy): a network the test controls, the same on every
 * runtime (no reaching into a WebSocket library's socket).
 */
export async function tcpForwarder(target: URL): Promise<TcpForwarder> {
  const sockets = new Set<Socket>();
  let refuseUntil = 0;
  const server = createServer((client) => {
    if (Date.now() < refuseUntil) return void client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) sockets.add(s);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) s.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${target.protocol}//127.0.0.1:${port}${target.pathname}${target.search}`,
    port,
    freeze: () => {
      for (const s of sockets) {
        s.unpipe();
        s.pause();
      }
    },
    cut: ({ refuseMs = 0 } = {}) => {
      refuseUntil = Date.now() + refuseMs;
      for (const s of sockets) s.resetAndDestroy();
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * An authenticated relay socket that sends whatever frames a test wants (`silenceable`: through a forwarder; `ticket`:
 * authenticated by a ticket instead of the bearer token).
 */
export async function rawRelay(
  url: string,
  token: string = TOKEN,
  options: { silenceable?: boolean; ticket?: string } = {},
): Promise<RawRelay> {
  const forwarder = options.silenceable ? await tcpForwarder(new URL(url)) : null;
  const protocols = ["codexkit.relay.v1", ...(options.ticket ? [`codexkit.ticket.${options.ticket}`] : [])];
  const ws = new WebSocket(forwarder?.url ?? url, protocols, {
    // through the forwarder, still name the host the client means (the host checks Host)
    headers: { ...(options.ticket ? {} : { authorization: `Bearer ${token}` }), ...(forwarder ? { host: new URL(url).host } : {}) },
  });
  ws.binaryType = "arraybuffer";
  const frames: RawRelay["frames"] = [];
  const waiters: Array<() => void> = [];
  ws.on("message", (data: ArrayBuffer) => {
    frames.push(decodeHostFrame(new Uint8Array(data)));
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<number>((resolve) => ws.on("close", (code: number) => resolve(code)));
  void closed.then(() => forwarder?.close());
  ws.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return {
    frames,
    send: (frame) => ws.send(encodeClientFrame(frame)),
    sendBytes: (bytes) => ws.send(bytes),
    async next(predicate, timeoutMs: number = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let seen = 0;
      while (Date.now() < deadline) {
        for (; seen < frames.length; seen++) if (predicate(frames[seen]!)) return frames[seen]!;
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      throw new Error("frame did not arrive");
    },
    closed,
    close: () => ws.close(),
    silence: () => {
      if (!forwarder) throw new Error("silence() needs rawRelay(url, token, { silenceable: true })");
      forwarder.freeze();
    },
  };
}
