// Suite 6: the remote codex host. Two measurements, each side by side with its local counterpart in one run:
//   remote-turn     a 5-turn thread on the app-server backend, through a codex host on 127.0.0.1 (websocketTransport)
//                   vs the same thread on the local NodeTransport; alternating rounds, paired ratio. Goal ≤ 1.10×.
//                   A third contender runs the same thread from headless Chromium (the browser bundle, ticket auth).
//   relay-lines     lines per second through one socket: a stand-in codex prints 200 000 JSONL lines on the host;
//                   the client reads them all (acks, window and batching included). Goal ≥ 50 000 lines/s; the
//                   same lines read from a local NodeTransport channel are shown for reference.
//   host-memory     RSS growth of a `codexkit host` process while 256 MiB of codex output streams through it to a
//                   client. Backpressure bounds what the host holds (the 8 MiB window); the rest of the growth is
//                   V8 sizing its heap for the allocation rate (measured 56, 68, 91, 101 MB at 16, 64, 256, 768 MiB).
//                   Goal ≤ 128 MB.
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import WebSocket from "ws";
import { Codex, flattenConfig, iterateStream, NodeTransport, type Transport } from "@codexkit/sdk/node";
import { createCodexHost, serveCodexHost } from "@codexkit/sdk/host";
import { reply, startScriptedModel } from "@codexkit/sdk/testing";
import { websocketTransport, type WebSocketConstructor } from "@codexkit/sdk/websocket";
import { alternate } from "../lib/alternate.ts";
import { startBrowserRunner } from "./browser.ts";
import { measureHostMemory } from "./host-memory.ts";
import { codexPath, tempDir } from "../lib/codex-env.ts";
import type { Check, Row, Suite, SuiteResult } from "../lib/results.ts";
import { pairedRatio, summarize } from "../lib/stats.ts";

const TOKEN = "bench-token-0123456789abcdef";
const TICKET_SECRET = "bench-ticket-secret-0123456789abcdef0123456789abcdef";
const LINES = 200_000;

async function thread(transport: Transport, cwd: string, turns: number): Promise<number> {
  const start = performance.now();
  const codex = new Codex({ transport, backend: "app-server" });
  try {
    const t = codex.startThread({ workingDirectory: cwd });
    for (let i = 0; i < turns; i++) await t.run(`turn ${i}`);
  } finally {
    await codex.close();
  }
  return performance.now() - start;
}

async function readAll(transport: Transport): Promise<number> {
  const start = performance.now();
  const channel = await transport.open({ mode: "exec", options: {} });
  await channel.closeStdin();
  let n = 0;
  for await (const _ of iterateStream(channel.lines)) n++;
  await channel.exited;
  if (n !== LINES) throw new Error(`expected ${LINES} lines, got ${n}`);
  return LINES / ((performance.now() - start) / 1000);
}

/** The remote host suite. */
export const remoteSuite: Suite = {
  id: "remote",
  async run(ctx): Promise<SuiteResult> {
    const turns = ctx.quick ? 2 : 5;
    const rounds = ctx.quick ? 1 : 8;
    await using server = await startScriptedModel([], { fallback: reply("Done: one short sentence.", { stream: true }) });
    await using work = await tempDir("remote");
    const home = join(work.path, "home");
    await mkdir(home);
    await writeFile(join(home, "config.toml"), flattenConfig(server.config).join("\n") + "\n");
    const local = new NodeTransport({ codexPath: codexPath(), baseEnv: { ...process.env, CODEX_HOME: home } });
    await using browser = await startBrowserRunner(TICKET_SECRET);
    const host = await createCodexHost({
      transport: new NodeTransport({ codexPath: codexPath(), baseEnv: { ...process.env, CODEX_HOME: home } }),
      auth: { tokens: [TOKEN], ticketSecrets: [TICKET_SECRET] },
      roots: [work.path],
      allowOrigins: [browser.origin],
    });
    const served = await serveCodexHost(host);
    const Ctor = ((globalThis as { WebSocket?: unknown }).WebSocket ?? WebSocket) as unknown as WebSocketConstructor;
    const remote = () => websocketTransport({ url: served.url, token: TOKEN, WebSocket: Ctor });
    try {
      ctx.log(`remote: ${rounds} rounds × ${turns}-turn app-server thread, local vs through the host`);
      const samples = await alternate([
        { id: "local", run: async () => ({ ms: await thread(local, work.path, turns) }) },
        {
          id: "remote",
          run: async () => {
            const t = remote();
            try {
              return { ms: await thread(t, work.path, turns) };
            } finally {
              await t.close();
            }
          },
        },
        { id: "browser", run: async () => ({ ms: await browser.run(served.url, work.path, turns) }) },
      ], { rounds, warmup: ctx.quick ? 0 : 1, onSample: (id, r, v) => ctx.log(`  round ${r + 1} ${id}: ${Math.round(v.ms)} ms`) });
      const ratio = pairedRatio(samples.get("remote")!.ms, samples.get("local")!.ms);
      const browserRatio = pairedRatio(samples.get("browser")!.ms, samples.get("local")!.ms);

      // the stand-in codex for throughput: prints LINES exec-like JSONL events
      const standIn = join(work.path, "flood");
      await writeFile(standIn, `#!/bin/sh\nseq -f '{"type":"item.completed","item":{"id":"item_%g","type":"agent_message","text":"x"}}' 1 ${LINES}\n`);
      await chmod(standIn, 0o755);
      const floodHost = await createCodexHost({
        transport: new NodeTransport({ codexPath: standIn }),
        auth: { tokens: [TOKEN] },
        roots: [work.path],
      });
      const floodServed = await serveCodexHost(floodHost);
      const runs = ctx.quick ? 1 : 5;
      const relayRates: number[] = [];
      const localRates: number[] = [];
      try {
        for (let i = 0; i < runs; i++) {
          const t = websocketTransport({ url: floodServed.url, token: TOKEN, WebSocket: Ctor });
          relayRates.push(await readAll(t));
          await t.close();
          localRates.push(await readAll(new NodeTransport({ codexPath: standIn })));
          ctx.log(`  relay ${Math.round(relayRates.at(-1)!)} lines/s, local ${Math.round(localRates.at(-1)!)} lines/s`);
        }
      } finally {
        await floodServed.close();
      }
      const streamed = (ctx.quick ? 16 : 256) * 2 ** 20;
      ctx.log(`  host memory: ${streamed / 2 ** 20} MiB through a codexkit host process`);
      const memory = await measureHostMemory(work.path, streamed);
      const growthMB = (memory.peak - memory.baseline) / 2 ** 20;
      const relay = summarize(relayRates);
      const localRate = summarize(localRates);
      const rows: Row[] = [
        {
          label: `${turns}-turn app-server thread through the host (ratio to the same thread local)`,
          status: "measured",
          value: ratio.median,
          unit: "×",
          summary: ratio,
          note: `local ${Math.round(summarize(samples.get("local")!.ms).median)} ms, remote ${Math.round(summarize(samples.get("remote")!.ms).median)} ms (medians)`,
        },
        {
          label: `the same thread from headless Chromium through the host (ratio to local)`,
          status: "measured",
          value: browserRatio.median,
          unit: "×",
          summary: browserRatio,
          note: `browser ${Math.round(summarize(samples.get("browser")!.ms).median)} ms (median; browser bundle, ticket auth, timed in the page)`,
        },
        {
          label: `relay throughput: ${LINES / 1000}k JSONL lines host → client through one socket`,
          status: "measured",
          value: relay.median,
          unit: "lines/s",
          summary: relay,
          note: `the same lines from a local NodeTransport channel: ${Math.round(localRate.median)} lines/s`,
        },
        {
          label: `RSS growth of the host process while ${streamed / 2 ** 20} MiB of codex output streams through it`,
          status: "measured",
          value: growthMB,
          unit: "MB",
          note: `baseline ${(memory.baseline / 2 ** 20).toFixed(0)} MB, peak ${(memory.peak / 2 ** 20).toFixed(0)} MB; the client received ${(memory.received / 2 ** 20).toFixed(0)} MiB`,
        },
      ];
      const checks: Check[] = [
        { what: "remote turn / local turn (time)", value: ratio.median, target: "≤ 1.10×", pass: ratio.median <= 1.1, summary: ratio },
        { what: "host RSS growth while output streams", value: growthMB, target: "≤ 128 MB", unit: "MB", pass: growthMB <= 128 },
        { what: "relay throughput", value: relay.median, target: "≥ 50 000 lines/s", unit: "lines/s", pass: relay.median >= 50_000, summary: relay },
      ];
      return {
        id: "remote",
        title: `Remote host (${rounds} alternating rounds; ${runs} throughput runs)`,
        rows,
        checks,
        notes: [
          "Both contenders run the same codex binary against the same scripted model and CODEX_HOME; the remote one " +
          "adds the WebSocket, the relay framing, the host's policy and JSON-RPC filtering, all on 127.0.0.1.",
        ],
      };
    } finally {
      await served.close();
    }
  },
};
