// Suite 5: cold import of @codexkit/sdk — a fresh runtime process importing the package once — on Node, Deno and
// Bun, with the official SDK on Node for reference. The time is taken inside the process around the dynamic
// import; the whole process's wall time, with and without the import, is kept as well.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { alternate, type Contender } from "../lib/alternate.ts";
import type { Row, Suite, SuiteResult } from "../lib/results.ts";
import { summarize } from "../lib/stats.ts";
import { consumerProject } from "./consumer.ts";
import { type Runtime, runtimes } from "./runtimes.ts";

const run = promisify(execFile);

interface Case {
  id: string;
  label: string;
  short: string;
  runtime: Runtime;
  specifier: string;
  /** Where to run: the consumer project (npm resolution) or the repository (deno.json, JSR-style sources). */
  cwd: "consumer" | "repo";
}

const importCode = (specifier: string) =>
  `const t = performance.now(); const m = await import(${JSON.stringify(specifier)}); ` +
  `if (typeof m.Codex !== "function") throw new Error("no Codex export"); console.log(performance.now() - t);`;

interface ImportTiming {
  importMs: number;
  processMs: number;
}

async function once(c: Case, cwd: string): Promise<ImportTiming> {
  const t0 = performance.now();
  const { stdout } = await run(c.runtime.bin!, c.runtime.evalArgs(importCode(c.specifier)), { cwd, timeout: 60_000 });
  return { importMs: Number(stdout.trim().split("\n").at(-1)), processMs: performance.now() - t0 };
}

async function baseline(runtime: Runtime, cwd: string): Promise<ImportTiming> {
  const t0 = performance.now();
  await run(runtime.bin!, runtime.evalArgs("console.log(0)"), { cwd, timeout: 60_000 });
  return { importMs: 0, processMs: performance.now() - t0 };
}

/** The cold import suite. */
export const coldImportSuite: Suite = {
  id: "cold-import",
  async run(ctx): Promise<SuiteResult> {
    const rounds = ctx.quick ? 1 : 15;
    const warmup = ctx.quick ? 0 : 2; // page cache, Deno's module cache
    const [node, deno, bun] = runtimes(ctx.root);
    const cases: Case[] = [
      { id: "node", label: `${node!.name}: @codexkit/sdk (npm, dist/node.mjs)`, short: "Node: @codexkit/sdk", runtime: node!, specifier: "@codexkit/sdk", cwd: "consumer" },
      { id: "node-official", label: `${node!.name}: @openai/codex-sdk (reference)`, short: "Node: @openai/codex-sdk", runtime: node!, specifier: "@openai/codex-sdk", cwd: "consumer" },
      { id: "deno", label: "Deno: @codexkit/sdk (npm, dist/deno.mjs)", short: "Deno: @codexkit/sdk from npm", runtime: deno!, specifier: "@codexkit/sdk", cwd: "consumer" },
      { id: "deno-source", label: "Deno: @codexkit/sdk (JSR layout, TypeScript sources)", short: "Deno: @codexkit/sdk sources (JSR)", runtime: deno!, specifier: "@codexkit/sdk", cwd: "repo" },
      { id: "bun", label: "Bun: @codexkit/sdk (npm, dist/bun.mjs)", short: "Bun: @codexkit/sdk from npm", runtime: bun!, specifier: "@codexkit/sdk", cwd: "consumer" },
    ];
    await using consumer = await consumerProject(ctx.root);
    const dirOf = (c: Case) => (c.cwd === "consumer" ? consumer.path : ctx.root);
    const installed = cases.filter((c) => c.runtime.bin !== null);
    const versions = new Map<Runtime, string>();
    for (const r of new Set(installed.map((c) => c.runtime))) {
      const { stdout } = await run(r.bin!, ["--version"]);
      versions.set(r, stdout.trim().split("\n")[0]!);
    }
    const contenders: Contender<ImportTiming>[] = [
      ...installed.map((c) => ({ id: c.id, run: () => once(c, dirOf(c)) })),
      ...[...versions.keys()].map((r) => ({ id: `empty:${r.name}`, run: () => baseline(r, consumer.path) })),
    ];
    ctx.log(`cold-import: ${installed.length} cases × ${rounds} rounds`);
    const samples = await alternate(contenders, { rounds, warmup });
    const rows: Row[] = cases.map((c) => {
      if (c.runtime.bin === null) {
        return { label: c.label, status: "not installed", value: null, unit: "ms", note: `no node_modules/.bin/${c.runtime.name.toLowerCase()}` };
      }
      const imp = summarize(samples.get(c.id)!.importMs);
      const proc = summarize(samples.get(c.id)!.processMs).median;
      const empty = summarize(samples.get(`empty:${c.runtime.name}`)!.processMs).median;
      return {
        label: c.label,
        status: "measured",
        value: imp.median,
        unit: "ms",
        summary: imp,
        note: `${versions.get(c.runtime)}; process ${proc.toFixed(0)} ms vs ${empty.toFixed(0)} ms for an empty one`,
        extra: { processMs: proc, emptyProcessMs: empty },
      };
    });
    return {
      id: "cold-import",
      title: `Cold import: a fresh process runs \`await import("@codexkit/sdk")\` (median of ${rounds}, caches warm)`,
      rows,
      checks: [],
      notes: ["Timed inside the process around the dynamic import, so runtime start-up is excluded; the note adds whole-process wall times."],
      panel: {
        title: "Cold import (lower is better)",
        unit: "ms",
        better: "lower",
        bars: cases.flatMap((c, i) => {
          const r = rows[i]!;
          if (r.value === null) return [];
          return [{ label: c.short, value: r.value, lo: r.summary?.p25, hi: r.summary?.p75, ours: c.id !== "node-official" }];
        }),
      },
    };
  },
};
