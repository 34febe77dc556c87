// Suite: soak — 1 000 turns on one thread on one long-lived `codex app-server`, our Thread (app-server backend)
// against the bare JSON-RPC loop (bench/thread/bare-loop.ts, the limit). Each measurement runs in a fresh Node
// process; heap and RSS are read after a full GC after a 20-turn warm-up and again after the last turn. What a
// long-lived host cares about: growth per 1 000 turns (a leak shows as growth proportional to turns), and what we
// hold in all next to the bare loop, as ratios.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Check, Row, Suite, SuiteResult } from "../lib/results.ts";
import { pairedRatio, summarize } from "../lib/stats.ts";
import type { SoakMeasurement } from "./child.ts";

const run = promisify(execFile);
const KB = 1024;
const MB = 1024 * 1024;
// A finished turn must leave nothing behind: more than this per 1 000 turns is a leak, not noise.
const GROWTH_LIMIT_KB = 1024;

const CONTENDERS = [
  { id: "ours", label: "ours (Thread, app-server backend)" },
  { id: "bare", label: "bare JSON-RPC loop" },
] as const;

async function measure(root: string, who: string, turns: number): Promise<SoakMeasurement> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", join(root, "bench/soak/child.ts"), who, String(turns)], {
    cwd: root,
    maxBuffer: 16 * MB,
    timeout: 30 * 60_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as SoakMeasurement;
}

const per1000 = (m: SoakMeasurement, delta: number) => (delta * 1000) / m.turns;

/** The soak suite. */
export const soakSuite: Suite = {
  id: "soak",
  async run(ctx): Promise<SuiteResult> {
    const turns = ctx.quick ? 40 : 1000;
    const rounds = ctx.quick ? 1 : 2;
    const results = new Map<string, SoakMeasurement[]>(CONTENDERS.map((c) => [c.id, []]));
    for (let round = 0; round < rounds; round++) {
      // alternate which contender goes first, so drift on a shared machine hits both alike
      const order = round % 2 === 0 ? CONTENDERS : [...CONTENDERS].reverse();
      for (const { id } of order) {
        const m = await measure(ctx.root, id, turns);
        ctx.log(
          `  soak ${id}: heap ${((m.heapEnd - m.heapStart) / KB).toFixed(0)} KB, RSS ${((m.rssEnd - m.rssStart) / MB).toFixed(1)} MB ` +
            `over ${m.turns} turns in ${m.seconds.toFixed(0)} s`,
        );
        results.get(id)!.push(m);
      }
    }
    const rows: Row[] = [];
    const checks: Check[] = [];
    for (const { id, label } of CONTENDERS) {
      const ms = results.get(id)!;
      const heapGrowth = summarize(ms.map((m) => per1000(m, m.heapEnd - m.heapStart) / KB));
      const rssGrowth = summarize(ms.map((m) => per1000(m, m.rssEnd - m.rssStart) / MB));
      const heapEnd = summarize(ms.map((m) => m.heapEnd / MB)).median;
      const rssEnd = summarize(ms.map((m) => m.rssEnd / MB)).median;
      const rate = summarize(ms.map((m) => m.turns / m.seconds)).median;
      rows.push({
        label: `${label}: heap growth per 1 000 turns`,
        status: "measured",
        value: heapGrowth.median,
        unit: "KB",
        summary: heapGrowth,
        note: `heap after GC ${heapEnd.toFixed(1)} MB at the end; ${rate.toFixed(1)} turns/s`,
        extra: { heapEndMB: heapEnd },
      });
      rows.push({
        label: `${label}: RSS growth per 1 000 turns`,
        status: "measured",
        value: rssGrowth.median,
        unit: "MB",
        summary: rssGrowth,
        note: `RSS ${rssEnd.toFixed(1)} MB at the end`,
        extra: { rssEndMB: rssEnd },
      });
      if (id === "ours") {
        checks.push({
          what: "ours: heap growth per 1 000 turns",
          value: heapGrowth.median,
          target: `≤ ${GROWTH_LIMIT_KB} KB`,
          unit: "KB",
          pass: heapGrowth.median <= GROWTH_LIMIT_KB,
        });
      }
    }
    const ours = results.get("ours")!;
    const bare = results.get("bare")!;
    const ratioRows: Array<[string, (m: SoakMeasurement) => number]> = [
      ["ours / bare: heap after GC at the end", (m) => m.heapEnd],
      ["ours / bare: RSS at the end", (m) => m.rssEnd],
    ];
    for (const [what, f] of ratioRows) {
      const ratio = pairedRatio(ours.map(f), bare.map(f));
      rows.push({ label: what, status: "measured", value: ratio.median, unit: "×", summary: ratio });
    }
    // growth ratios divide by a near-zero, noisy number: the difference says the same without blowing up
    const extra = summarize(ours.map((m, i) => (per1000(m, m.heapEnd - m.heapStart) - per1000(bare[i]!, bare[i]!.heapEnd - bare[i]!.heapStart)) / KB));
    rows.push({ label: "ours − bare: heap growth per 1 000 turns", status: "measured", value: extra.median, unit: "KB", summary: extra });
    const growth = (ms: SoakMeasurement[]) => summarize(ms.map((m) => per1000(m, m.heapEnd - m.heapStart) / KB)).median;
    return {
      id: "soak",
      title: `Soak: ${turns} turns on one thread, one \`codex app-server\`, heap and RSS after a full GC (warm-up of 20 turns excluded)`,
      rows,
      checks,
      notes: [
        `Growth per 1 000 turns, ours ${growth(ours).toFixed(0)} KB vs bare ${growth(bare).toFixed(0)} KB of heap: a ` +
        "finished turn leaves nothing behind (before the fix every TurnSession stayed reachable from the client's " +
        "`closed` promise until the app-server exited). The absolute ratios are what the SDK's modules and state " +
        "cost next to a loop that keeps nothing; both processes also host the scripted model server.",
      ],
      panel: {
        title: `Heap growth per 1 000 turns on one app-server (lower is better)`,
        unit: "KB",
        better: "lower",
        limit: { value: GROWTH_LIMIT_KB, label: `${GROWTH_LIMIT_KB} KB leak line` },
        bars: CONTENDERS.map(({ id, label }) => {
          const g = summarize(results.get(id)!.map((m) => per1000(m, m.heapEnd - m.heapStart) / KB));
          return { label, value: g.median, lo: g.p25, hi: g.p75, ours: id === "ours" };
        }),
      },
    };
  },
};
