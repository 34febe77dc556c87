// `npm run bench` — runs every suite, prints one table per suite, and writes bench/results.json and
// bench/chart.svg. `npm run bench -- --quick` runs each suite once, small, to prove the harness works (CI); its
// numbers are not meaningful and it writes to bench/.quick/ so the committed results stay the full run's.
// `--only thread,pipeline` runs a subset (written to bench/.partial/).
import { mkdirSync, writeFileSync } from "node:fs";
import { arch, cpus, platform, totalmem } from "node:os";
import { join } from "node:path";
import { bundleSuite } from "./bundle/suite.ts";
import { renderChart } from "./lib/chart.ts";
import { ROOT, useEmptyShellHome } from "./lib/codex-env.ts";
import type { Suite, SuiteContext, SuiteResult } from "./lib/results.ts";
import { formatSuite } from "./lib/table.ts";
import { coldImportSuite } from "./cold-import/suite.ts";
import { concurrencySuite } from "./concurrency/suite.ts";
import { memorySuite } from "./memory/suite.ts";
import { pipelineSuite } from "./pipeline/suite.ts";
import { remoteSuite } from "./remote/suite.ts";
import { soakSuite } from "./soak/suite.ts";
import { threadSuite } from "./thread/suite.ts";

const SUITES: Suite[] = [
  threadSuite,
  concurrencySuite,
  pipelineSuite,
  bundleSuite,
  memorySuite,
  soakSuite,
  coldImportSuite,
  remoteSuite,
];

function parseArgs(argv: string[]): { quick: boolean; only: Set<string> | null } {
  const quick = argv.includes("--quick");
  const i = argv.indexOf("--only");
  const only = i >= 0 && argv[i + 1] ? new Set(argv[i + 1]!.split(",")) : null;
  const unknown = argv.filter((a, k) => a.startsWith("--") && a !== "--quick" && a !== "--only" && argv[k - 1] !== "--only");
  if (unknown.length > 0) throw new Error(`Unknown option ${unknown.join(" ")} (use --quick, --only a,b)`);
  return { quick, only };
}

async function main(): Promise<number> {
  const { quick, only } = parseArgs(process.argv.slice(2));
  useEmptyShellHome();
  const ctx: SuiteContext = { quick, root: ROOT, log: (m) => process.stderr.write(`${m}\n`) };
  const results: SuiteResult[] = [];
  const failures: string[] = [];
  const started = performance.now();
  for (const suite of SUITES) {
    if (only && !only.has(suite.id)) continue;
    ctx.log(`── ${suite.id}`);
    let result: SuiteResult;
    try {
      result = await suite.run(ctx);
    } catch (err) {
      // one broken suite must not hide the others' numbers, but it fails the run (that is what --quick checks)
      failures.push(suite.id);
      const message = (err as Error)?.stack ?? String(err);
      ctx.log(message);
      result = {
        id: suite.id,
        title: `${suite.id}: FAILED`,
        rows: [{ label: suite.id, status: "failed", value: null, unit: "", note: message.split("\n")[0]! }],
        checks: [],
        notes: [],
      };
    }
    results.push(result);
    process.stdout.write(`\n${formatSuite(result)}\n`);
  }
  const machine = {
    node: process.version,
    platform: `${platform()} ${arch()}`,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
    memoryGB: Math.round(totalmem() / 2 ** 30),
  };
  // Only a complete full run may replace the committed results: --quick and --only write beside them.
  const outDir = join(ROOT, "bench", quick ? ".quick" : only ? ".partial" : "");
  mkdirSync(outDir, { recursive: true });
  const missed = results.flatMap((r) => r.checks.filter((c) => !c.pass).map((c) => `${r.id}: ${c.what}`));
  const json = { date: new Date().toISOString(), quick, machine, seconds: (performance.now() - started) / 1000, results };
  writeFileSync(join(outDir, "results.json"), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(outDir, "chart.svg"), renderChart(results, machine));
  process.stdout.write(
    `\n${results.length} suites in ${json.seconds.toFixed(0)} s on Node ${machine.node}, ${machine.cpus}` +
      `${quick ? " (--quick: harness check only, numbers not meaningful)" : ""}\n` +
      (missed.length > 0 ? `targets missed: ${missed.join("; ")}\n` : "all targets met\n") +
      `wrote ${join(outDir, "results.json")} and chart.svg\n`,
  );
  // A missed target is a finding to report, not a harness failure: exit non-zero only when a suite threw.
  if (failures.length > 0) process.stdout.write(`suites that failed: ${failures.join(", ")}\n`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
