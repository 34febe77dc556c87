// The shape of what every suite reports: rows for the printed table and results.json, and bars for the chart.
import type { Summary } from "./stats.ts";

/** How a row's value came about. */
export type RowStatus = "measured" | "not installed" | "pending" | "failed";

/** A comparison against a target, e.g. "ours / official ≤ 1.02". */
export interface Check {
  /** What is compared, e.g. "exec / official". */
  what: string;
  /** The measured ratio (or value). */
  value: number;
  /** The target, as text (e.g. "≤ 1.02×"). */
  target: string;
  /** Unit of `value`: "×" for ratios (the default), or a unit such as "B" or "MB". */
  unit?: string;
  /** Whether the target is met. */
  pass: boolean;
  /** The spread of the measured value, when it comes from paired samples. */
  summary?: Summary;
}

/** One line of a suite's table. */
export interface Row {
  /** What was measured. */
  label: string;
  /** Measured, or why there is no number. */
  status: RowStatus;
  /** The headline value (median), null when not measured. */
  value: number | null;
  /** Its unit, e.g. "ms", "MB", "events/s". */
  unit: string;
  /** Distribution of the samples behind `value`. */
  summary?: Summary;
  /** A short free-text note (e.g. "codex caps deltas at 10 000"). */
  note?: string;
  /** Extra measured values worth keeping in results.json. */
  extra?: Record<string, number | string>;
}

/** One bar of the chart. */
export interface Bar {
  /** Bar label. */
  label: string;
  /** Length. */
  value: number;
  /** Whisker low (p25). */
  lo?: number;
  /** Whisker high (p75). */
  hi?: number;
  /** Drawn in the accent colour (our SDK). */
  ours?: boolean;
}

/** One panel of the chart. */
export interface Panel {
  /** Panel title. */
  title: string;
  /** Unit shown after values. */
  unit: string;
  /** The bars. */
  bars: Bar[];
  /** A vertical reference line (a budget or limit). */
  limit?: { value: number; label: string };
  /** Shorter is better (time, bytes) or longer is better (throughput). */
  better: "lower" | "higher";
}

/** What a suite returns. */
export interface SuiteResult {
  /** Stable id (results.json key). */
  id: string;
  /** Title for the table. */
  title: string;
  /** The rows. */
  rows: Row[];
  /** Target checks. */
  checks: Check[];
  /** Sentences for the closing notes (methodology, codex behaviour, misses). */
  notes: string[];
  /** Chart panel, if the suite has one. */
  panel?: Panel;
  /** Several chart panels (drawn after `panel`). */
  panels?: Panel[];
}

/** Everything a suite may read: mode and a progress logger. */
export interface SuiteContext {
  /** `--quick`: one short round of everything, to prove the harness runs (CI). Numbers are not meaningful. */
  quick: boolean;
  /** The repository root. */
  root: string;
  /** Progress output (stderr, so stdout stays the table). */
  log(message: string): void;
}

/** A benchmark suite. */
export interface Suite {
  /** Stable id, also the `--only` filter value. */
  id: string;
  /** Runs it. */
  run(ctx: SuiteContext): Promise<SuiteResult>;
}
