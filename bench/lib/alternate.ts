// Interleaved measurement: every round runs every contender once, in an order rotated by one each round, so slow
// drifts (page cache, CPU frequency, a noisy neighbour) hit all contenders alike instead of whichever ran last.

/** Named measurements of one repetition, e.g. `{ totalMs: 812, steadyMs: 480 }`. */
export type Metrics<M> = { [K in keyof M]: number };

/** Per metric, one sample per counted round. */
export type Series<M> = { [K in keyof M]: number[] };

/** One thing being measured; `run` returns the measured value(s) of one repetition, in the suite's units. */
export interface Contender<M extends Metrics<M>> {
  /** Stable id (used as key in results.json). */
  id: string;
  /** One repetition. */
  run(round: number): Promise<M>;
}

/** Options of {@link alternate}. */
export interface AlternateOptions<M extends Metrics<M>> {
  /** Counted rounds. */
  rounds: number;
  /** Rounds run first and thrown away (disk caches, JIT, first codex start). */
  warmup: number;
  /** Called after every repetition (progress output). */
  onSample?: (id: string, round: number, value: M) => void;
}

/**
 * Runs the contenders round-robin.
 *
 * @param contenders What to measure.
 * @param options Rounds and warm-up.
 * @returns Per contender, per metric, one sample per counted round (same round order for all, so they pair).
 */
export async function alternate<M extends Metrics<M>>(
  contenders: readonly Contender<M>[],
  options: AlternateOptions<M>,
): Promise<Map<string, Series<M>>> {
  const samples = new Map<string, Record<string, number[]>>();
  for (const c of contenders) samples.set(c.id, {});
  const total = options.warmup + options.rounds;
  for (let round = 0; round < total; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(round + k) % contenders.length]!;
      const value = await c.run(round);
      if (round < options.warmup) continue;
      options.onSample?.(c.id, round - options.warmup, value);
      const series = samples.get(c.id)!;
      for (const [metric, x] of Object.entries<number>(value)) (series[metric] ??= []).push(x);
    }
  }
  return samples as Map<string, Series<M>>;
}

/**
 * A contender that runs `times` repetitions per round and reports each metric's median: for fast contenders whose
 * single runs are noisier than the difference being measured.
 *
 * @param contender The contender.
 * @param times Repetitions per round.
 * @returns The repeated contender (same id).
 */
export function repeated<M extends Metrics<M>>(contender: Contender<M>, times: number): Contender<M> {
  return {
    id: contender.id,
    async run(round) {
      const runs: M[] = [];
      for (let i = 0; i < times; i++) runs.push(await contender.run(round));
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const keys = Object.keys(runs[0]!) as Array<keyof M>;
      return Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))])) as M;
    },
  };
}
