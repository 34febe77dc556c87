// One soak measurement in a fresh Node process: many turns on one thread on one long-lived `codex app-server`,
// through our Thread (app-server backend) or the bare JSON-RPC loop, with the heap and RSS after a full GC at the
// start (after warm-up) and at the end. Prints one JSON line.
//   tsx bench/soak/child.ts <ours|bare> <turns>
import { Codex } from "@codexkit/sdk";
import { reply, startScriptedModel } from "@codexkit/sdk/testing";
import { codexPath, tempDir } from "../lib/codex-env.ts";
import { collectGarbage } from "../lib/gc.ts";
import { BareAppServer } from "../thread/bare-loop.ts";

/** What the child prints. */
export interface SoakMeasurement {
  /** Turns measured (after the warm-up). */
  turns: number;
  /** Heap used after a full GC, after the warm-up. */
  heapStart: number;
  /** Heap used after a full GC, after the last turn. */
  heapEnd: number;
  /** RSS after the warm-up (after a full GC). */
  rssStart: number;
  /** RSS after the last turn (after a full GC). */
  rssEnd: number;
  /** Wall time of the measured turns. */
  seconds: number;
}

const WARM_UP = 20;

interface Runner {
  turn(i: number): Promise<void>;
  close(): Promise<void>;
}

function snapshot(): { heap: number; rss: number } {
  collectGarbage();
  const { heapUsed, rss } = process.memoryUsage();
  return { heap: heapUsed, rss };
}

async function main(): Promise<void> {
  const [who, turnsText] = process.argv.slice(2);
  if (who !== "ours" && who !== "bare") throw new Error(`Unknown contender ${who}`);
  const turns = Number(turnsText);
  // every turn gets the same short answer; the model's own record of requests is cleared per turn (it holds each
  // request body, which grows with the thread's history, and is not what either contender keeps)
  await using server = await startScriptedModel([], { fallback: reply("ok") });
  await using home = await tempDir("soak-home");
  await using work = await tempDir("soak-work");
  let runner: Runner;
  if (who === "ours") {
    const codex = new Codex({ codexPathOverride: codexPath(), config: server.config, codexHome: home.path, backend: "app-server" });
    const thread = codex.startThread({ skipGitRepoCheck: true, workingDirectory: work.path });
    runner = { turn: async (i) => void await thread.run(`turn ${i}`), close: () => codex.close() };
  } else {
    const bare = new BareAppServer(codexPath(), server.config as Record<string, unknown>, home.path);
    await bare.handshake();
    const threadId = await bare.startThread(work.path);
    runner = { turn: (i) => bare.turn(threadId, `turn ${i}`), close: () => bare.close() };
  }
  for (let i = 0; i < WARM_UP; i++) {
    await runner.turn(i);
    server.model.requests.length = 0;
  }
  const start = snapshot();
  const t0 = performance.now();
  for (let i = 0; i < turns; i++) {
    await runner.turn(WARM_UP + i);
    server.model.requests.length = 0;
  }
  const seconds = (performance.now() - t0) / 1000;
  const end = snapshot();
  await runner.close();
  const result: SoakMeasurement = {
    turns,
    heapStart: start.heap,
    heapEnd: end.heap,
    rssStart: start.rss,
    rssEnd: end.rss,
    seconds,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
