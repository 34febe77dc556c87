// How much the host's memory grows while a codex prints far more than any buffer holds: the host runs as its own
// process (`codexkit host`, the built CLI), its "codex" a stand-in printing ~1 KiB JSONL lines, and a websocket client
// in this process reads every line. Backpressure (the host stops reading codex while the client is a window behind)
// should keep the growth near the window size, whatever the total.
import { spawn } from "node:child_process";
import { writeFile, chmod } from "node:fs/promises";
import { createInterface } from "node:readline";
import { join } from "node:path";
import process from "node:process";
import WebSocket from "ws";
import { iterateStream } from "@codexkit/sdk";
import { websocketTransport, type WebSocketConstructor } from "@codexkit/sdk/websocket";
import { ROOT } from "../lib/codex-env.ts";
import { rssOf } from "../memory/sampler.ts";

/** What one streaming run measured. */
export interface HostMemory {
  /** Host RSS once the client was connected, before the output started (bytes). */
  baseline: number;
  /** Highest host RSS while streaming (bytes). */
  peak: number;
  /** Bytes the client received. */
  received: number;
}

const LINE_BYTES = 1024;

/**
 * Streams `totalBytes` of codex output through a host process and samples its RSS.
 * @param work A scratch directory (the host's root).
 * @param totalBytes How much the stand-in codex prints.
 * @returns Baseline, peak and bytes received.
 */
export async function measureHostMemory(work: string, totalBytes: number): Promise<HostMemory> {
  const token = "bench-memory-token-0123456789abcdef";
  const tokenFile = join(work, "memory-token");
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
  const lines = Math.ceil(totalBytes / LINE_BYTES);
  const payload = "x".repeat(LINE_BYTES - 60);
  const standIn = join(work, "memory-flood");
  await writeFile(
    standIn,
    `#!/bin/sh\nyes '{"type":"item.completed","item":{"id":"i","type":"agent_message","text":"${payload}"}}' | head -n ${lines}\n`,
  );
  await chmod(standIn, 0o755);
  const host = spawn(process.execPath, [join(ROOT, "dist", "cli.mjs"), "host", "--port", "0", "--token-file", tokenFile, "--root", work], {
    env: { ...process.env, CODEX_PATH: standIn },
    stdio: ["ignore", "pipe", "ignore"],
  });
  const exited = new Promise<void>((resolve) => host.once("exit", () => resolve()));
  try {
    const first = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: host.stdout! });
      rl.once("line", (line) => (rl.close(), resolve(line)));
      host.once("exit", (code) => reject(new Error(`codexkit host exited (${code}) before listening`)));
    });
    const url = /listening on (ws:\/\/\S+)/.exec(first)?.[1];
    if (!url) throw new Error(`unexpected first line from codexkit host: ${first}`);
    const Ctor = ((globalThis as { WebSocket?: unknown }).WebSocket ?? WebSocket) as unknown as WebSocketConstructor;
    const transport = websocketTransport({ url, token, WebSocket: Ctor });
    try {
      const channel = await transport.open({ mode: "exec", options: {} });
      const baseline = rssOf(host.pid!);
      let peak = baseline;
      const timer = setInterval(() => (peak = Math.max(peak, rssOf(host.pid!))), 5);
      let received = 0;
      try {
        await channel.closeStdin();
        for await (const line of iterateStream(channel.lines)) received += line.length + 1;
        await channel.exited;
      } finally {
        clearInterval(timer);
      }
      return { baseline, peak: Math.max(peak, rssOf(host.pid!)), received };
    } finally {
      await transport.close();
    }
  } finally {
    host.kill("SIGTERM");
    await exited;
  }
}
