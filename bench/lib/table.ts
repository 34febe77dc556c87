// Plain-text tables for the terminal (and for pasting into an issue): one table per suite, then the target checks.
import type { Check, Row, SuiteResult } from "./results.ts";
import { spread } from "./stats.ts";

/**
 * @param value A number.
 * @param unit Its unit.
 * @returns The value with sensible precision.
 */
export function formatValue(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = unit === "events/s" || unit === "B"
    ? Math.round(value).toLocaleString("en-US")
    : value.toFixed(digits);
  return `${text} ${unit}`;
}

function grid(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

function rowCells(r: Row): string[] {
  if (r.status !== "measured" || r.value === null) return [r.label, r.status, "", r.note ?? ""];
  return [r.label, formatValue(r.value, r.unit), r.summary && r.summary.n > 1 ? spread(r.summary) : "", r.note ?? ""];
}

function checkCells(c: Check): string[] {
  const unit = c.unit ?? "×";
  const range = c.summary && c.summary.n > 1 ? ` [${c.summary.p25.toFixed(3)}–${c.summary.p75.toFixed(3)}]` : "";
  const value = unit === "×" ? `${c.value.toFixed(3)}×${range}` : formatValue(c.value, unit);
  return [c.what, value, c.target, c.pass ? "met" : "MISSED"];
}

/**
 * @param result One suite's result.
 * @returns Its table, with the checks below.
 */
export function formatSuite(result: SuiteResult): string {
  const parts = [`## ${result.title}`, "", grid(["", "median", "spread", "note"], result.rows.map(rowCells))];
  if (result.checks.length > 0) {
    parts.push("", grid(["target", "measured [p25–p75]", "target", ""], result.checks.map(checkCells)));
  }
  for (const note of result.notes) parts.push(`  · ${note}`);
  return parts.join("\n");
}
