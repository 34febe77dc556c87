// One memory measurement in a fresh Node process (so earlier suites' heaps do not blur the baseline): run a turn
// whose command prints `mb` MiB, sample our RSS and codex's during the turn, print one JSON line with the result.
//   tsx bench/memory/child.ts <exec|app-server|stand-in> <mb>
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Channel, Codex, type LaunchSpec, NodeTransport, type OpenOptions, type ThreadEvent } from "@codexkit/sdk";
import { reply, runCommand, startScriptedModel } from "@codexkit/sdk/testing";
import { codexPath, tempDir } from "../lib/codex-env.ts";
import { collectGarbage } from "../lib/gc.ts";
import { MemorySampler } from "./sampler.ts";
import { STAND_IN_SOURCE } from "./stand-in.ts";

/** What the child prints. */
export interface MemoryMeasurement {
  /** Our RSS after a warm-up turn and a full GC, before the big turn. */
  baselineBytes: number;
  /** Our peak RSS during the big turn. */
  peakBytes: number;
  /** Peak RSS of the codex process (exec or app-server), 0 when not observable. */
  codexPeakBytes: number;
  /** Output bytes that reached us: command output in items and deltas. */
  forwardedBytes: number;
  /** Events received. */
  events: number;
  /** Of which output deltas (app-server backend). */
  deltas: number;
  /** Wall time of the big turn. */
  seconds: number;
}

class WatchedTransport extends NodeTransport {
  onOpen: (channel: Channel) => void = () => {};
  override async open(spec: LaunchSpec, options?: OpenOptions): Promise<Channel> {
    const channel = await super.open(spec, options);
    this.onOpen(channel);
    return channel;
  }
}

function forwardedBytes(event: ThreadEvent): number {
  if (event.type === "item.delta") return event.delta.length;
  if (event.type === "item.completed") {
    const item = event.item as { aggregated_output?: unknown; text?: unknown };
    if (typeof item.aggregated_output === "string") return item.aggregated_output.length;
    if (typeof item.text === "string") return item.text.length;
  }
  return 0;
}

async function main(): Promise<void> {
  const [mode, mbText] = process.argv.slice(2);
  if (mode !== "exec" && mode !== "app-server" && mode !== "stand-in") throw new Error(`Unknown mode ${mode}`);
  const mb = Number(mbText);
  const command = `head -c ${mb * 1024 * 1024} /dev/zero | tr '\\0' 'a' | fold -w 1000`;
  await using server = await startScriptedModel([reply("warm"), runCommand(command), reply("Done.")]);
  await using home = await tempDir("mem-home");
  await using work = await tempDir("mem-work");
  let binary = codexPath();
  if (mode === "stand-in") {
    binary = join(work.path, "fake-codex.mjs");
    await writeFile(binary, STAND_IN_SOURCE.replace("__MB__", String(mb)));
    await chmod(binary, 0o755);
  }
  const opened: Channel[] = [];
  const transport = new WatchedTransport();
  transport.onOpen = (channel) => opened.push(channel);
  const codex = new Codex({
    codexPathOverride: binary,
    config: server.config,
    codexHome: home.path,
    transport,
    backend: mode === "app-server" ? "app-server" : "exec",
  });
  const thread = codex.startThread({ skipGitRepoCheck: true, workingDirectory: work.path });
  // Warm-up: module loading, JIT and the first spawn are not what this measures.
  await thread.run("warm up");
  collectGarbage();
  const baselineBytes = process.memoryUsage().rss;
  const sampler = new MemorySampler();
  // the app-server started during the warm-up; exec processes start per turn
  for (const channel of opened) if (channel.pid) sampler.watch(channel.pid);
  transport.onOpen = (channel) => channel.pid && sampler.watch(channel.pid);
  const t0 = performance.now();
  let forwarded = 0;
  let events = 0;
  let deltas = 0;
  const { events: stream } = await thread.runStreamed("Print a lot of output.");
  for await (const event of stream) {
    events++;
    if (event.type === "item.delta") deltas++;
    forwarded += forwardedBytes(event);
  }
  const seconds = (performance.now() - t0) / 1000;
  const peaks = sampler.stop();
  await codex.close();
  const result: MemoryMeasurement = {
    baselineBytes,
    peakBytes: peaks.ours,
    codexPeakBytes: peaks.codex,
    forwardedBytes: forwarded,
    events,
    deltas,
    seconds,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
