/**
 * The one set of WebSocket hooks every runtime serves the codex host with, in crossws's shape. crossws (pinned ~0.4)
 * stays behind this file and the three `_host-serve-*` files: swapping it touches nothing else.
 *
 * @module
 */
import type { CodexHost } from "../src/host/host-core.ts";

/** The crossws peer surface we use. */
interface PeerLike {
  readonly context: Record<string, unknown>;
  send(data: Uint8Array): unknown;
  close(code?: number, reason?: string): void;
}

/** The crossws message surface we use. */
interface MessageLike {
  readonly rawData: unknown;
  uint8Array(): Uint8Array;
}

/** crossws hooks (structurally typed: `upgrade`, `open`, `message`, `close`, `error`). */
export interface HostHooks {
  upgrade(request: Request): Promise<Response | { headers: Record<string, string>; context: Record<string, unknown> }>;
  open(peer: PeerLike): void;
  message(peer: PeerLike, message: MessageLike): void;
  close(peer: PeerLike): void;
  error(peer: PeerLike): void;
}

type Connection = ReturnType<CodexHost["connect"]>;

/**
 * Builds the WebSocket hooks of a codex host.
 *
 * @param host The host.
 * @returns The hooks, for a crossws adapter.
 */
export function hostHooks(host: CodexHost): HostHooks {
  const connections = new WeakMap<object, Connection>();
  return {
    async upgrade(request) {
      const decision = await host.upgrade(request);
      if (!decision.ok) return decision.response;
      return { headers: decision.headers, context: { codexkitPrincipal: decision.principal } };
    },
    open(peer) {
      const principal = peer.context.codexkitPrincipal as string;
      const connection = host.connect({
        send: (data) => void peer.send(data),
        close: (code, reason) => peer.close(code, reason),
      }, principal);
      connections.set(peer, connection);
    },
    message(peer, message) {
      const raw = message.rawData;
      connections.get(peer)?.receive(typeof raw === "string" ? raw : message.uint8Array());
    },
    close(peer) {
      connections.get(peer)?.closed();
    },
    error(peer) {
      connections.get(peer)?.closed();
    },
  };
}
