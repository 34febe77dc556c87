// The websocket transport against the conformance suite: the fake codex runs on a codex host on 127.0.0.1 (spawned
// by the host's own NodeTransport in its own process group) and every channel is relayed over a WebSocket. The host
// decides what runs, so the per-case behaviour and limits are the host's configuration, set before each open.
import type { Channel } from "@codexkit/sdk";
import { websocketTransport } from "@codexkit/sdk/websocket";
import { ClientWebSocket, TOKEN } from "../host/helpers.ts";
import { startFakeHost } from "../host/fake-host.ts";
import { conformance } from "./suite.ts";
import type { Subject } from "./subjects.ts";

function websocketSubject(): Subject {
  const open = new Set<Channel>();
  const setup = startFakeHost();
  return {
    name: "websocketTransport (codex host)",
    processes: false,
    async open(mode, o = {}) {
      const host = await setup;
      host.next = { mode, ...(o.killGraceMs ? { killGraceMs: o.killGraceMs } : {}), ...(o.stderrTailBytes ? { stderrTailBytes: o.stderrTailBytes } : {}) };
      const transport = websocketTransport({
        url: host.url,
        token: TOKEN,
        WebSocket: ClientWebSocket,
        ...(o.maxLineBytes ? { maxLineBytes: o.maxLineBytes } : {}),
      });
      const channel = await transport.open(
        {
          mode: "exec",
          options: {},
          ...(o.outputSchema ? { outputSchema: o.outputSchema } : {}),
          ...(o.imageBytes ? { imageBytes: o.imageBytes } : {}),
        },
        o.signal ? { signal: o.signal } : {},
      );
      open.add(channel);
      void channel.exited.then(() => open.delete(channel));
      return channel;
    },
    launches: async () => (await setup).launches(),
    async cleanup() {
      for (const c of open) c.kill();
      await Promise.all([...open].map((c) => c.exited));
    },
    dispose: async () => (await setup).close(),
  };
}

conformance(websocketSubject());
