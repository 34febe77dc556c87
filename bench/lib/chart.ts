// The README chart: one SVG, one panel of horizontal bars per suite (median, with a p25–p75 whisker where there
// are several samples, and a dashed line for a budget or limit). Hand-written SVG: no dependency, stable diffs.
import type { Panel, SuiteResult } from "./results.ts";

const WIDTH = 960;
const LABEL_W = 360;
const BAR_X = LABEL_W + 16;
const BAR_W = WIDTH - BAR_X - 110;
const ROW_H = 24;
const COLORS = { ours: "#2563eb", other: "#9ca3af", limit: "#dc2626", text: "#111827", muted: "#6b7280" };

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function fmt(value: number): string {
  if (value >= 1000) return Math.round(value).toLocaleString("en-US");
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function panel(p: Panel, top: number): { svg: string; height: number } {
  const max = Math.max(...p.bars.map((b) => b.hi ?? b.value), p.limit?.value ?? 0) * 1.08 || 1;
  const x = (v: number) => BAR_X + (v / max) * BAR_W;
  const parts = [
    `<text x="16" y="${top + 18}" font-size="15" font-weight="600" fill="${COLORS.text}">${esc(p.title)}</text>`,
  ];
  p.bars.forEach((b, i) => {
    const y = top + 30 + i * ROW_H;
    const color = b.ours ? COLORS.ours : COLORS.other;
    parts.push(
      `<text x="${LABEL_W}" y="${y + 15}" font-size="12.5" text-anchor="end" fill="${COLORS.text}">${esc(b.label)}</text>`,
      `<rect x="${BAR_X}" y="${y + 3}" width="${Math.max(1, x(b.value) - BAR_X).toFixed(1)}" height="${ROW_H - 8}" rx="2" fill="${color}"/>`,
    );
    if (b.lo !== undefined && b.hi !== undefined && b.hi > b.lo) {
      const cy = y + ROW_H / 2 - 1;
      parts.push(
        `<path d="M${x(b.lo).toFixed(1)} ${cy}H${x(b.hi).toFixed(1)}M${x(b.lo).toFixed(1)} ${cy - 4}v8M${x(b.hi).toFixed(1)} ${cy - 4}v8" stroke="${COLORS.text}" stroke-width="1.2" fill="none"/>`,
      );
    }
    const labelX = Math.max(x(b.value), b.hi !== undefined ? x(b.hi) : 0) + 6;
    parts.push(`<text x="${labelX.toFixed(1)}" y="${y + 15}" font-size="12" fill="${COLORS.muted}">${fmt(b.value)} ${esc(p.unit)}</text>`);
  });
  const bottom = top + 30 + p.bars.length * ROW_H;
  if (p.limit) {
    const lx = x(p.limit.value).toFixed(1);
    parts.push(
      `<line x1="${lx}" y1="${top + 26}" x2="${lx}" y2="${bottom + 2}" stroke="${COLORS.limit}" stroke-dasharray="4 3" stroke-width="1.5"/>`,
      `<text x="${lx}" y="${bottom + 15}" font-size="11.5" text-anchor="middle" fill="${COLORS.limit}">${esc(p.limit.label)}</text>`,
    );
  }
  return { svg: parts.join("\n"), height: bottom - top + (p.limit ? 26 : 12) };
}

/**
 * @param results The suites' results (those with a panel are drawn, in order).
 * @param machine Where it ran, for the subtitle.
 * @returns The SVG document.
 */
export function renderChart(results: readonly SuiteResult[], machine: { node: string; cpus: string }): string {
  const body: string[] = [];
  let y = 58;
  for (const r of results) {
    for (const one of [...(r.panel ? [r.panel] : []), ...(r.panels ?? [])]) {
      if (one.bars.length === 0) continue;
      const p = panel(one, y);
      body.push(p.svg);
      y += p.height + 14;
    }
  }
  const height = y + 8;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="18" font-weight="700" fill="${COLORS.text}">@codexkit/sdk benchmarks</text>`,
    `<text x="16" y="45" font-size="12.5" fill="${COLORS.muted}">${esc(`Node ${machine.node} · ${machine.cpus} · real codex 0.169 against the scripted model on 127.0.0.1 · blue: @codexkit/sdk · whiskers: p25–p75`)}</text>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}
