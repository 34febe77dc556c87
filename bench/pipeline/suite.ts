// Suite 2: event pipeline throughput on a recorded, amplified 100k-event stream, against bare JSON.parse.
import { alternate } from "../lib/alternate.ts";
import { collectGarbage } from "../lib/gc.ts";
import type { Row, Suite, SuiteResult } from "../lib/results.ts";
import { pairedRatio, summarize } from "../lib/stats.ts";
import { PIPELINE_LABELS, pipelineContenders } from "./contenders.ts";
import { amplify, recordTurn, toChunks } from "./record.ts";

/** The event pipeline suite. */
export const pipelineSuite: Suite = {
  id: "pipeline",
  async run(ctx): Promise<SuiteResult> {
    const events = ctx.quick ? 10_000 : 100_000;
    const rounds = ctx.quick ? 1 : 9;
    const warmup = ctx.quick ? 0 : 2;
    const recorded = await recordTurn();
    const lines = amplify(recorded, events);
    const chunks = toChunks(lines);
    const bytes = chunks.reduce((n, c) => n + c.length, 0);
    ctx.log(`pipeline: ${lines.length} events, ${(bytes / 2 ** 20).toFixed(1)} MiB (one real turn of ${recorded.length} lines, amplified)`);
    const contenders = pipelineContenders({ lines, chunks }).map((c) => ({
      id: c.id,
      async run(round: number) {
        collectGarbage();
        const result = await c.run(round);
        if (result.events !== lines.length) {
          throw new Error(`Pipeline ${c.id} produced ${result.events} events from ${lines.length} lines`);
        }
        return result;
      },
    }));
    const samples = await alternate(contenders, { rounds, warmup });
    const perSec = (ms: number) => lines.length / (ms / 1000);
    const rows: Row[] = contenders.map(({ id }) => {
      const ms = summarize(samples.get(id)!.ms);
      const rate = summarize(samples.get(id)!.ms.map(perSec));
      return {
        label: PIPELINE_LABELS[id]!,
        status: "measured",
        value: rate.median,
        unit: "events/s",
        summary: rate,
        note: `${ms.median.toFixed(0)} ms, ${(bytes / 2 ** 20 / (ms.median / 1000)).toFixed(0)} MiB/s`,
      };
    });
    // throughput ratio = limit time / our time, paired per round
    const ratio = pairedRatio(samples.get("limit")!.ms, samples.get("ours-exec-runner")!.ms);
    const thread = pairedRatio(samples.get("limit")!.ms, samples.get("ours-thread")!.ms);
    return {
      id: "pipeline",
      title: `Event pipeline: ${lines.length.toLocaleString("en-US")} recorded events, ${(bytes / 2 ** 20).toFixed(1)} MiB in 64 KiB chunks (median of ${rounds})`,
      rows,
      checks: [{
        what: "runExecTurn throughput / bare JSON.parse",
        value: ratio.median,
        target: "≥ 0.5×",
        pass: ratio.median >= 0.5,
        summary: ratio,
      }],
      notes: [
        `Through Thread.runStreamed: ${thread.median.toFixed(3)}× of the limit.`,
        `Input: one real codex 0.169 exec turn (${recorded.length} lines: reasoning, two commands with output, a streamed answer) ` +
        `with its item events repeated under fresh ids.`,
      ],
      panel: {
        title: `Event pipeline throughput, ${lines.length / 1000}k events (higher is better)`,
        unit: "k events/s",
        better: "higher",
        bars: ["limit", "ours-exec-runner", "ours-thread", "official-readline"].map((id) => {
          const r = summarize(samples.get(id)!.ms.map(perSec));
          return { label: PIPELINE_LABELS[id]!.replace(/ \(.*\)$/, ""), value: r.median / 1000, lo: r.p25 / 1000, hi: r.p75 / 1000, ours: id.startsWith("ours") };
        }),
      },
    };
  },
};
