// One concurrency measurement in a fresh Node process: N threads of one client, each running `turns` turns, all at
// once. The parent samples this process's memory and its codex processes' from /proc (proc-tree.ts); this process
// times the run and reports it as one JSON line on stdout.
//   node child.mjs '<ChildRequest as JSON>'
// The parent bundles this file with esbuild first, so the child runs plain JavaScript: no TypeScript loader in the
// measured process's memory.
import { readFileSync } from "node:fs";

/** What the parent asks for. */
export interface ChildRequest {
  /** Which client: ours on the exec or app-server backend (optionally a pool of `pool` app-servers), or the official SDK. */
  contender: "ours-exec" | "ours-app-server" | "official-sdk";
  /** App-server pool size (ours-app-server only; 1 = the default single app-server). */
  pool: number;
  /** Concurrent threads. */
  threads: number;
  /** Turns per thread. */
  turns: number;
  /** The codex binary. */
  codexPath: string;
  /** Codex config pointing at the parent's scripted model. */
  config: Record<string, unknown>;
  /** A fresh CODEX_HOME. */
  codexHome: string;
  /** The threads' working directory. */
  workDir: string;
}

/** What the child prints. */
export interface ChildResult {
  /** From creating the client to every thread done and the client closed. */
  wallMs: number;
  /** Median time of one turn, over every turn of every thread. */
  turnMedianMs: number;
  /** The slowest first turn (start-up, handshake and thread start included). */
  firstTurnMaxMs: number;
  /** CPU time of this process (the SDK and Node). */
  cpuMs: number;
  /** CPU time of the codex processes, reaped by the time the run ended (cutime + cstime). */
  codexCpuMs: number;
  /** Turns whose final response was not the scripted one (must be 0). */
  wrongAnswers: number;
}

/** Answers to a turn: what a run returns, in both SDKs. */
interface RunsTurns {
  run(prompt: string): Promise<{ finalResponse: string }>;
}

interface Client {
  startThread(options: { skipGitRepoCheck: boolean; workingDirectory: string }): RunsTurns;
  close?(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100;

// /proc/self/stat fields 16 and 17: CPU time of waited-for children, in clock ticks
function childrenCpuMs(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND) * 1000;
}

async function client(r: ChildRequest): Promise<Client> {
  if (r.contender === "official-sdk") {
    const { Codex } = await import("@openai/codex-sdk");
    // `env` replaces the inherited environment in the official SDK, so CODEX_HOME travels inside it
    return new Codex({
      codexPathOverride: r.codexPath,
      config: r.config as never,
      env: { ...process.env, CODEX_HOME: r.codexHome } as Record<string, string>,
    });
  }
  const { Codex } = await import("@codexkit/sdk");
  const backend = r.contender === "ours-exec" ? "exec" : "app-server";
  return new Codex({
    codexPathOverride: r.codexPath,
    config: r.config as never,
    codexHome: r.codexHome,
    backend,
    ...(r.pool > 1 ? { appServerPool: r.pool } : {}),
  } as never) as unknown as Client;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2]!) as ChildRequest;
  // import the SDK before the clock starts: module loading is the cold-import suite's subject, not this one's
  await import(request.contender === "official-sdk" ? "@openai/codex-sdk" : "@codexkit/sdk");
  const expected = "Done: one short sentence.";
  const turnMs: number[] = [];
  let firstTurnMaxMs = 0;
  let wrongAnswers = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const codex = await client(request);
  await Promise.all(Array.from({ length: request.threads }, async (_, t) => {
    const thread = codex.startThread({ skipGitRepoCheck: true, workingDirectory: request.workDir });
    for (let i = 0; i < request.turns; i++) {
      const start = performance.now();
      const turn = await thread.run(`Thread ${t + 1}, turn ${i + 1}: reply with one short sentence.`);
      const ms = performance.now() - start;
      turnMs.push(ms);
      if (i === 0) firstTurnMaxMs = Math.max(firstTurnMaxMs, performance.now() - t0);
      if (turn.finalResponse !== expected) wrongAnswers++;
    }
  }));
  await codex.close?.();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  turnMs.sort((a, b) => a - b);
  const result: ChildResult = {
    wallMs,
    turnMedianMs: turnMs[Math.floor(turnMs.length / 2)]!,
    firstTurnMaxMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    codexCpuMs: childrenCpuMs(),
    wrongAnswers,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
