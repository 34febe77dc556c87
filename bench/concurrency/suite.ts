// Suite: many threads at once. N threads of one client, each running 3 turns, all started together, for N = 1, 4,
// 16, 32: wall time and peak memory of the whole thing (the SDK's Node process plus every codex process, summed
// from /proc), for ours on the exec backend, ours on the app-server backend (one app-server for all N threads, and
// a small pool), and @openai/codex-sdk. Each run is a fresh Node process; contenders alternate within each N.
import { reply, startScriptedModel } from "@codexkit/sdk/testing";
import { alternate, type Contender } from "../lib/alternate.ts";
import { codexPath, tempDir } from "../lib/codex-env.ts";
import type { Check, Panel, Row, Suite, SuiteResult } from "../lib/results.ts";
import { pairedRatio, summarize } from "../lib/stats.ts";
import type { ChildRequest } from "./child.ts";
import { bundleChild, type Measurement, runChild, setsidLauncher } from "./run-child.ts";

const MB = 1024 * 1024;

/** The app-server pool size measured next to the single app-server. */
export const POOL_SIZE = 4;

interface Case {
  id: string;
  label: string;
  contender: ChildRequest["contender"];
  pool: number;
  ours: boolean;
}

const CASES: Case[] = [
  { id: "ours-exec", label: "@codexkit/sdk, exec backend", contender: "ours-exec", pool: 1, ours: true },
  { id: "ours-app-server", label: "@codexkit/sdk, app-server backend (one app-server)", contender: "ours-app-server", pool: 1, ours: true },
  {
    id: "ours-app-server-pool",
    label: `@codexkit/sdk, app-server backend, appServerPool: ${POOL_SIZE}`,
    contender: "ours-app-server",
    pool: POOL_SIZE,
    ours: true,
  },
  { id: "official-sdk", label: "@openai/codex-sdk 0.163 (exec)", contender: "official-sdk", pool: 1, ours: false },
];

type Sample = { wallMs: number; peakMB: number; oursMB: number; codexMB: number; cpuMs: number; codexCpuMs: number; turnMs: number };

const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);

/** The concurrency suite. */
export const concurrencySuite: Suite = {
  id: "concurrency",
  async run(ctx): Promise<SuiteResult> {
    const counts = ctx.quick ? [2] : [1, 4, 16, 32];
    const turns = ctx.quick ? 1 : 3;
    // 32 exec threads × 3 turns is ~100 codex processes per run: the large N get fewer rounds to keep the suite near
    // a quarter of an hour on two cores
    const roundsOf = (n: number) => (ctx.quick ? 1 : n <= 4 ? 3 : 2);
    await using server = await startScriptedModel([], { fallback: reply("Done: one short sentence.", { stream: true }) });
    await using work = await tempDir("work");
    const script = await bundleChild(ctx.root);
    const launcher = setsidLauncher(ctx.root, codexPath());
    const measured = new Map<string, Measurement[]>(); // `${id}@${n}` → runs
    const samples = new Map<number, Map<string, Record<keyof Sample, number[]>>>();
    for (const n of counts) {
      const contenders: Contender<Sample>[] = CASES.map((c) => ({
        id: c.id,
        async run() {
          await using home = await tempDir("home");
          const m = await runChild(script, ctx.root, {
            contender: c.contender,
            pool: c.pool,
            threads: n,
            turns,
            codexPath: c.contender === "official-sdk" ? launcher : codexPath(),
            config: server.config,
            codexHome: home.path,
            workDir: work.path,
          });
          server.requests.length = 0; // the recorded request bodies would pile up for the whole suite
          if (m.wrongAnswers > 0) throw new Error(`${c.id} × ${n}: ${m.wrongAnswers} turns did not get the scripted answer`);
          measured.set(`${c.id}@${n}`, [...(measured.get(`${c.id}@${n}`) ?? []), m]);
          return {
            wallMs: m.wallMs,
            peakMB: m.peaks.totalBytes / MB,
            oursMB: m.peaks.rootBytes / MB,
            codexMB: m.peaks.codexBytes / MB,
            cpuMs: m.cpuMs,
            codexCpuMs: m.codexCpuMs,
            turnMs: m.turnMedianMs,
          };
        },
      }));
      ctx.log(`concurrency: N = ${n}, ${contenders.length} contenders × ${roundsOf(n)} rounds × ${turns} turns per thread`);
      samples.set(n, await alternate(contenders, {
        rounds: roundsOf(n),
        warmup: 0,
        onSample(id, round, v) {
          ctx.log(`  N=${n} round ${round + 1} ${id}: ${ms(v.wallMs)}, ${v.peakMB.toFixed(0)} MB (ours ${v.oursMB.toFixed(0)} MB)`);
        },
      }));
    }
    const at = (n: number, id: string) => samples.get(n)!.get(id)!;
    const rows: Row[] = [];
    for (const n of counts) {
      for (const c of CASES) {
        const s = at(n, c.id);
        const wall = summarize(s.wallMs);
        const peak = summarize(s.peakMB).median;
        const ours = summarize(s.oursMB).median;
        const codexCpu = summarize(s.codexCpuMs).median;
        const cpu = summarize(s.cpuMs).median;
        rows.push({
          label: `N=${n}: ${c.label}`,
          status: "measured",
          value: wall.median,
          unit: "ms",
          summary: wall,
          note: `peak ${peak.toFixed(0)} MB (SDK process ${ours.toFixed(0)} MB); per thread ${ms(wall.median / n)}, ` +
            `${(peak / n).toFixed(0)} MB; turn median ${ms(summarize(s.turnMs).median)}; CPU: SDK ${ms(cpu)}, codex ${ms(codexCpu)}`,
          extra: { threads: n, peakMB: peak, sdkProcessMB: ours, codexMB: summarize(s.codexMB).median, cpuMs: cpu, codexCpuMs: codexCpu },
        });
      }
    }
    const top = counts.at(-1)!;
    const ratio = (n: number, a: string, b: string, metric: keyof Sample) => pairedRatio(at(n, a)[metric], at(n, b)[metric]);
    const check = (what: string, s: ReturnType<typeof pairedRatio>, target: string, pass: (x: number) => boolean): Check =>
      ({ what, value: s.median, target, pass: pass(s.median), summary: s });
    const checks: Check[] = [
      ...counts.map((n) =>
        check(`N=${n}: exec backend / official SDK (time)`, ratio(n, "ours-exec", "official-sdk", "wallMs"), "≤ 1.00×", (x) => x <= 1)
      ),
      check(`N=${top}: official SDK / app-server backend (speed-up)`, ratio(top, "official-sdk", "ours-app-server", "wallMs"), "≥ 3×", (x) => x >= 3),
      check(`N=${top}: app-server backend / official SDK (peak memory)`, ratio(top, "ours-app-server", "official-sdk", "peakMB"), "≤ 0.20×", (x) => x <= 0.2),
      check(`N=${top}: official SDK / appServerPool: ${POOL_SIZE} (speed-up)`, ratio(top, "official-sdk", "ours-app-server-pool", "wallMs"), "≥ 3×", (x) => x >= 3),
      check(`N=${top}: appServerPool: ${POOL_SIZE} / official SDK (peak memory)`, ratio(top, "ours-app-server-pool", "official-sdk", "peakMB"), "≤ 0.20×", (x) => x <= 0.2),
    ];
    const panel = (title: string, unit: string, value: (s: Record<keyof Sample, number[]>) => number[]): Panel => ({
      title,
      unit,
      better: "lower",
      bars: counts.flatMap((n) =>
        CASES.map((c) => {
          const x = summarize(value(at(n, c.id)));
          return { label: `N=${n} · ${c.label.replace("@codexkit/sdk, ", "")}`, value: x.median, lo: x.p25, hi: x.p75, ours: c.ours };
        })
      ),
    });
    return {
      id: "concurrency",
      title: `${counts.join(", ")} threads at once, ${turns} turns each (median of ${counts.map(roundsOf).join("/")} alternating rounds, a fresh process per run)`,
      rows,
      checks,
      notes: [
        "Peak memory is the highest sum, at one 10 ms sample, of the SDK's Node process RSS and the RSS of every codex " +
        "process it started (read from /proc); shared pages of the codex binary count once per process, as RSS does.",
        "Scheduling: Linux shares CPU between sessions (autogroup) and our transports start each codex in its own " +
        "session, the official SDK in the caller's; on a busy machine that alone made ours ~9× faster. So every " +
        "run's SDK process gets a session of its own and the official SDK's codex starts through setsid too " +
        "(a two-exec launcher): both exec contenders' codex processes are scheduled alike.",
        "Wall time runs from creating the client to the last turn's end and the client closed (app-server start-up " +
        "included); the SDK is imported before the clock starts. CPU: the SDK's process, and codex's (reaped children).",
      ],
      panels: [
        panel(`${turns} turns × N threads at once: wall time (lower is better)`, "ms", (s) => s.wallMs),
        panel(`${turns} turns × N threads at once: peak memory, SDK process + codex processes (lower is better)`, "MB", (s) => s.peakMB),
      ],
    };
  },
};
