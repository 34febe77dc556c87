/**
 * A transport straight to codex's own WebSocket listener (`codex app-server --listen ws://IP:PORT`), which speaks
 * the app-server's JSON-RPC as one message per text frame. No codex host in between: the listener is already running,
 * so there is nothing to launch — `open` connects, and each channel is one WebSocket connection.
 *
 * Re-exported by the `@codexkit/sdk/websocket` entry. Runtime-neutral (standard `WebSocket`, or an injected one).
 *
 * @module
 */
import { CodexLineTooLongError, CodexOptionsError, CodexTransportError, type ExitStatus } from "../src/errors.ts";
import type { LaunchOptions } from "../src/options.ts";
import { socketFactory, type WebSocketConstructor, type WebSocketLike, webSocketTarget } from "../src/relay/socket.ts";
import type { Channel, LaunchSpec, OpenOptions, Transport } from "../src/transport.ts";

/** Options of {@link appServerWebSocketTransport}. */
export interface AppServerWebSocketTransportOptions {
  /** The listener's URL, `ws://IP:PORT` (or `wss://` behind a TLS proxy). */
  url: string;
  /**
   * The capability token or signed bearer token of a listener started with `--ws-auth`, sent as
   * `Authorization: Bearer` on the upgrade. Omit for a loopback listener without auth.
   */
  token?: string;
  /** The WebSocket constructor; default the global one. On Node 20 pass the `ws` package's. */
  WebSocket?: WebSocketConstructor;
  /** Largest message accepted from codex, in bytes. Default 16 MiB (the listener's own frame limit). */
  maxLineBytes?: number;
}

const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

// What configures a process at launch; the listener was launched by someone else, so these cannot reach it.
const LAUNCH_ONLY: ReadonlyArray<keyof LaunchOptions> = [
  "codexPathOverride",
  "baseUrl",
  "env",
  "codexHome",
  "config",
  "configOverrides",
];

const BROWSER_HINT =
  "codex's listener answers 403 to any upgrade carrying an Origin header, which browsers always send: from a browser, go through a codex host (websocketTransport)";

function describeFailure(url: string, detail: string): CodexTransportError {
  if (/\b401\b/.test(detail)) {
    return new CodexTransportError(`Cannot connect to codex's app-server listener at ${url}: authentication failed (HTTP 401); pass the listener's token`);
  }
  if (/\b403\b/.test(detail)) {
    return new CodexTransportError(`Cannot connect to codex's app-server listener at ${url}: the upgrade was refused (HTTP 403). ${BROWSER_HINT}`);
  }
  const inBrowser = typeof (globalThis as { document?: unknown }).document !== "undefined";
  // some WebSockets (browsers, undici on Node >= 22) hide the HTTP status of a refused upgrade
  const hidden = "the upgrade failed and this runtime's WebSocket does not say why: check the token (401) and that no Origin header is sent (403)";
  return new CodexTransportError(
    `Cannot connect to codex's app-server listener at ${url}${detail ? `: ${detail}` : ""}; ${inBrowser ? BROWSER_HINT : hidden}`,
  );
}

function errorDetail(event: unknown): string {
  const e = event as { message?: string; error?: { message?: string } } | undefined;
  return e?.message ?? e?.error?.message ?? "";
}

function connect(create: () => WebSocketLike, url: string, signal?: AbortSignal): Promise<WebSocketLike> {
  return new Promise((resolve, reject) => {
    let socket: WebSocketLike;
    try {
      socket = create();
    } catch (cause) {
      return reject(new CodexTransportError(`Cannot connect to codex's app-server listener at ${url}: ${(cause as Error)?.message}`, { cause }));
    }
    let detail = "";
    const onAbort = () => {
      socket.onclose = null;
      socket.close(1000, "aborted");
      reject(new CodexTransportError("Cannot connect to codex's app-server listener: aborted", { cause: signal?.reason }));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.onerror = (event) => (detail ||= errorDetail(event));
    socket.onclose = (event) => {
      signal?.removeEventListener("abort", onAbort);
      reject(describeFailure(url, `${detail} ${event?.reason ?? ""}`.trim()));
    };
    socket.onopen = () => {
      signal?.removeEventListener("abort", onAbort);
      socket.onerror = null;
      socket.onclose = null;
      resolve(socket);
    };
  });
}

/**
 * One connection to the listener as a {@link Channel}: each text frame is a line; closing stdin or killing closes the
 * connection (the listener keeps running for other clients), and `exited` resolves when the connection is closed.
 */
class ListenerChannel implements Channel {
  readonly lines: ReadableStream<string>;
  readonly exited: Promise<ExitStatus>;
  readonly #socket: WebSocketLike;
  #closed = false;
  #killed = false;
  #reason = "";

  constructor(socket: WebSocketLike, maxLineBytes: number) {
    this.#socket = socket;
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    let resolveExit!: (status: ExitStatus) => void;
    this.exited = new Promise((resolve) => (resolveExit = resolve));
    this.lines = new ReadableStream<string>({
      start: (controller) => {
        socket.onmessage = (event) => {
          const data = event.data;
          const text = typeof data === "string" ? data : data instanceof ArrayBuffer ? decoder.decode(data) : String(data);
          if (encoder.encode(text).byteLength > maxLineBytes) {
            controller.error(new CodexLineTooLongError(maxLineBytes));
            this.kill();
            return;
          }
          if (text.trim() !== "") controller.enqueue(text);
        };
        socket.onerror = (event) => (this.#reason ||= errorDetail(event));
        socket.onclose = (event) => {
          this.#closed = true;
          this.#reason ||= event?.reason ?? "";
          try {
            controller.close();
          } catch {
            // already errored (an over-long message) or cancelled
          }
          // a clean close (1000, or ours) reads as a normal exit; anything else as a crash without a signal
          const clean = event?.code === 1000 || event?.code === 1005 || this.#killed;
          resolveExit({ exitCode: clean ? 0 : 1, signal: null, stderrTail: clean ? "" : this.#describeClose(event?.code) });
        };
      },
      cancel: () => this.kill(),
    });
  }

  #describeClose(code: number | undefined): string {
    return `codex's app-server listener closed the connection (code ${code ?? "unknown"}${this.#reason ? `: ${this.#reason}` : ""})`;
  }

  write(text: string): Promise<void> {
    if (this.#closed || this.#socket.readyState !== 1) {
      return Promise.reject(new CodexTransportError("Cannot write to codex: the connection to the app-server listener is closed"));
    }
    // one JSON-RPC message per text frame: the peer hands us newline-terminated lines
    for (const line of text.split("\n")) if (line.trim() !== "") this.#socket.send(line as never);
    return Promise.resolve();
  }

  closeStdin(): Promise<void> {
    this.kill();
    return Promise.resolve();
  }

  kill(): void {
    if (this.#killed) return;
    this.#killed = true;
    if (this.#socket.readyState <= 1) this.#socket.close(1000, "client closed");
  }

  stderrTail(): string {
    return this.#closed && !this.#killed ? this.#describeClose(undefined) : "";
  }
}

/**
 * A transport to codex's own WebSocket listener (`codex app-server --listen ws://IP:PORT`, optionally with
 * `--ws-auth capability-token` or `--ws-auth signed-bearer-token`), for `AppServerClient` and
 * `new Codex({ backend: "app-server" })` on Node, Deno, Bun and workers. **Not for browsers**: codex answers 403 to any
 * request with an `Origin` header; use a codex host (`websocketTransport`) there. Exec turns need a process per
 * turn and cannot run on a listener; launch options (`config`, `env`, `codexHome`, binary, base URL) belong to
 * whoever started the listener and are refused.
 *
 * @param options The listener's URL, its token, and the WebSocket constructor.
 * @returns The transport.
 * @throws {CodexOptionsError} When the URL is not `ws:`/`wss:` or no WebSocket constructor is available.
 * @example
 * ```ts
 * import { AppServerClient } from "@codexkit/sdk";
 * import { appServerWebSocketTransport } from "@codexkit/sdk/websocket";
 *
 * const transport = appServerWebSocketTransport({ url: "ws://127.0.0.1:4500", token: await Deno.readTextFile("token") });
 * await using client = await AppServerClient.connect({ transport });
 * console.log((await client.listModels({})).data.length);
 * ```
 */
export function appServerWebSocketTransport(options: AppServerWebSocketTransportOptions): Transport {
  const { url, WebSocket: Ctor } = webSocketTarget(options.url, options.WebSocket);
  const factory = socketFactory(Ctor);
  const headers: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {};
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  return {
    async open(spec: LaunchSpec, openOptions: OpenOptions = {}): Promise<Channel> {
      if (spec.mode !== "app-server") {
        throw new CodexTransportError(
          'Cannot run codex exec on an app-server listener: it serves the app-server protocol only; use new Codex({ backend: "app-server" })',
        );
      }
      const refused = LAUNCH_ONLY.find((key) => spec.options[key] !== undefined);
      if (refused) {
        throw new CodexOptionsError(refused, "cannot apply to a running app-server listener: set it where the listener is started");
      }
      if (openOptions.signal?.aborted) {
        throw new CodexTransportError("Cannot connect to codex's app-server listener: aborted", { cause: openOptions.signal.reason });
      }
      const socket = await connect(() => factory(url.href, [], headers), url.href, openOptions.signal);
      socket.binaryType = "arraybuffer";
      const channel = new ListenerChannel(socket, maxLineBytes);
      const { signal } = openOptions;
      if (signal) {
        const onAbort = () => channel.kill();
        signal.addEventListener("abort", onAbort, { once: true });
        void channel.exited.then(() => signal.removeEventListener("abort", onAbort));
      }
      return channel;
    },
  };
}
