// Suite 4: memory while a command prints 256 MiB, on the exec backend, the app-server backend, and (because codex
// caps what it forwards in exec mode) through the exec pipeline with a stand-in printing the full 256 MiB.
// Each measurement runs in a fresh Node process; the target is our RSS growth ≤ 64 MB.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Check, Row, Suite, SuiteResult } from "../lib/results.ts";
import { summarize } from "../lib/stats.ts";
import type { MemoryMeasurement } from "./child.ts";

const run = promisify(execFile);
const MB = 1024 * 1024;
const LIMIT_MB = 64;

const SCENARIOS = [
  { mode: "exec", label: "exec backend, real codex" },
  { mode: "app-server", label: "app-server backend, real codex" },
  { mode: "stand-in", label: "exec pipeline, stand-in printing it all as events" },
] as const;

async function measure(root: string, mode: string, mb: number): Promise<MemoryMeasurement> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", join(root, "bench/memory/child.ts"), mode, String(mb)], {
    cwd: root,
    maxBuffer: 16 * MB,
    timeout: 180_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as MemoryMeasurement;
}

// What codex did with the output, from the measurements themselves (codex's caps are not documented API).
function codexBehaviour(results: Map<string, MemoryMeasurement[]>, mb: number): string[] {
  const median = (mode: string, f: (m: MemoryMeasurement) => number) => summarize(results.get(mode)!.map(f)).median;
  const execMiB = median("exec", (m) => m.forwardedBytes / MB);
  const deltas = median("app-server", (m) => m.deltas);
  const appMiB = median("app-server", (m) => m.forwardedBytes / MB);
  return [
    `Of the command's ${mb} MiB, codex exec forwarded ${execMiB.toFixed(1)} MiB (the command_execution item's ` +
    `aggregated_output, which codex truncates); the app-server sent ${deltas} output deltas, ${appMiB.toFixed(1)} MiB in all` +
    `${deltas === 10_000 ? " (codex stops sending a command's output deltas at 10 000)" : ""}. codex keeps the rest and ` +
    "hands the model a truncated function_call_output, so its own RSS, not ours, carries the volume.",
    "The stand-in row replaces codex with a script that prints the full volume as exec events, to show that our exec " +
    "pipeline (transport → framing → parsing → Thread) stays bounded when everything does reach us.",
  ];
}

/** The memory suite. */
export const memorySuite: Suite = {
  id: "memory",
  async run(ctx): Promise<SuiteResult> {
    const mb = ctx.quick ? 16 : 256;
    const rounds = ctx.quick ? 1 : 3;
    const results = new Map<string, MemoryMeasurement[]>();
    for (let round = 0; round < rounds; round++) {
      for (const { mode } of SCENARIOS) {
        const m = await measure(ctx.root, mode, mb);
        ctx.log(`  memory ${mode}: +${((m.peakBytes - m.baselineBytes) / MB).toFixed(1)} MB, ${(m.forwardedBytes / MB).toFixed(1)} MiB forwarded`);
        results.set(mode, [...(results.get(mode) ?? []), m]);
      }
    }
    const rows: Row[] = [];
    const checks: Check[] = [];
    for (const { mode, label } of SCENARIOS) {
      const ms = results.get(mode)!;
      const growth = summarize(ms.map((m) => (m.peakBytes - m.baselineBytes) / MB));
      const forwarded = summarize(ms.map((m) => m.forwardedBytes / MB)).median;
      const codexPeak = summarize(ms.map((m) => m.codexPeakBytes / MB)).median;
      const seconds = summarize(ms.map((m) => m.seconds)).median;
      const who = mode === "stand-in" ? "stand-in process" : "codex";
      rows.push({
        label: `${label}: our RSS growth`,
        status: "measured",
        value: growth.median,
        unit: "MB",
        summary: growth,
        note: `${forwarded.toFixed(1)} MiB reached us in ${seconds.toFixed(1)} s; ${who} peaked at ${codexPeak.toFixed(0)} MB RSS`,
        extra: { forwardedMiB: forwarded, codexPeakMB: codexPeak, baselineMB: summarize(ms.map((m) => m.baselineBytes / MB)).median },
      });
      checks.push({ what: `${label}: RSS growth`, value: growth.median, target: `≤ ${LIMIT_MB} MB`, unit: "MB", pass: growth.median <= LIMIT_MB });
    }
    return {
      id: "memory",
      title: `Memory: a command printing ${mb} MiB (\`head -c … /dev/zero | tr '\\0' a | fold -w 1000\`), our peak RSS over the warmed-up baseline`,
      rows,
      checks,
      notes: codexBehaviour(results, mb),
      panel: {
        title: `RSS growth while ${mb} MiB of output streams (lower is better)`,
        unit: "MB",
        better: "lower",
        limit: { value: LIMIT_MB, label: `${LIMIT_MB} MB target` },
        bars: SCENARIOS.map(({ mode, label }) => {
          const g = summarize(results.get(mode)!.map((m) => (m.peakBytes - m.baselineBytes) / MB));
          return { label, value: g.median, lo: g.p25, hi: g.p75, ours: true };
        }),
      },
    };
  },
};
