// The websocket transport against the conformance suite: the fake codex runs on a codex host on 127.0.0.1 (spawned
// by the host's own NodeTransport in its own process group) and every channel is relayed over one WebSocket. The
// host decides what runs, so the per-case behaviour and limits are the host's configuration, set before each open.
import { chmod, mkdir, mkdtemp, readdir, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import type { Channel, LaunchSpec, OpenOptions, Transport } from "@codexkit/sdk";
import { NodeTransport } from "@codexkit/sdk/node";
import { createCodexHost, serveCodexHost } from "@codexkit/sdk/host";
import { websocketTransport } from "@codexkit/sdk/websocket";
import { ClientWebSocket, TOKEN } from "../host/helpers.ts";
import { FAKE_CODEX } from "./fixtures.ts";
import { conformance } from "./suite.ts";
import type { OpenCase, Subject } from "./subjects.ts";

function websocketSubject(): Subject {
  const open = new Set<Channel>();
  let next: { mode: string; o: OpenCase } = { mode: "echo", o: {} };
  const setup = (async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), "codexkit-ws-conformance-")));
    const fake = join(dir, "fake-codex");
    await writeFile(fake, FAKE_CODEX);
    await chmod(fake, 0o755);
    const marks = join(dir, "marks");
    await mkdir(marks);
    // The host's transport: the fake codex, with the behaviour and limits the current case asks for.
    const inner: Transport = {
      open(spec: LaunchSpec, options?: OpenOptions) {
        const { mode, o } = next;
        const node = new NodeTransport({
          codexPath: fake,
          killGraceMs: o.killGraceMs ?? 300,
          ...(o.stderrTailBytes ? { stderrTailBytes: o.stderrTailBytes } : {}),
        });
        const env = { PATH: process.env.PATH ?? "", FAKE_MODE: mode, FAKE_MARKS: marks };
        return node.open({ ...spec, options: { ...spec.options, env } }, options);
      },
    };
    const host = await createCodexHost({ transport: inner, auth: { tokens: [TOKEN] }, roots: [dir], limits: { maxSessionsPerPrincipal: 64 } });
    const server = await serveCodexHost(host);
    return { dir, marks, server };
  })();
  return {
    name: "websocketTransport (codex host)",
    processes: false,
    async open(mode, o = {}) {
      const { server } = await setup;
      next = { mode, o };
      const transport = websocketTransport({
        url: server.url,
        token: TOKEN,
        WebSocket: ClientWebSocket,
        ...(o.maxLineBytes ? { maxLineBytes: o.maxLineBytes } : {}),
      });
      const channel = await transport.open(
        { mode: "exec", options: {}, ...(o.outputSchema ? { outputSchema: o.outputSchema } : {}) },
        o.signal ? { signal: o.signal } : {},
      );
      open.add(channel);
      void channel.exited.then(() => open.delete(channel));
      return channel;
    },
    launches: async () => (await readdir((await setup).marks)).length,
    async cleanup() {
      for (const c of open) c.kill();
      await Promise.all([...open].map((c) => c.exited));
    },
    async dispose() {
      const { dir, server } = await setup;
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

conformance(websocketSubject());
