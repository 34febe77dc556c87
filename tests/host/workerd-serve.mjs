// Serves a wrangler.toml Worker in workerd (Miniflare) on 127.0.0.1, the way `wrangler dev` would, for
// tests/host/workerd.test.ts. Miniflare needs Node >= 22, so this runs on the Node 24 of .ci/node24 whatever runtime
// runs vitest.
//
//   node24 tests/host/workerd-serve.mjs <worker dir> '<bindings as JSON>'
//
// It bundles the Worker's `main` into one ES module as wrangler does (esbuild, conditions workerd/worker/browser,
// the package resolved through its export map to the built dist/), starts Miniflare with the wrangler.toml
// compatibility settings and [vars] (overridden by the bindings given), prints one JSON line { url, sdkInputs }
// on stdout (sdkInputs: the dist/ files bundled), and runs until stdin closes or SIGTERM, then disposes Miniflare
// (which stops workerd) and exits 0.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import process from "node:process";

const root = resolve(import.meta.dirname, "..", "..");
const [dir, bindingsJson = "{}"] = process.argv.slice(2);
if (!dir) throw new Error("usage: workerd-serve.mjs <worker dir> '<bindings JSON>'");

// Just the TOML this example uses: `key = <string or array of strings>` lines (JSON-compatible), [table] headers,
// comments. Anything else fails, so the example cannot drift into syntax this reader would misread.
function readWranglerToml(file) {
  const tables = { "": {} };
  let table = tables[""];
  for (const [i, raw] of readFileSync(file, "utf8").split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const header = /^\[([\w.-]+)\]$/.exec(line);
    if (header) {
      table = tables[header[1]] = {};
      continue;
    }
    const pair = /^([\w-]+)\s*=\s*(.+)$/.exec(line);
    if (!pair) throw new Error(`${file}:${i + 1}: unsupported TOML: ${line}`);
    table[pair[1]] = JSON.parse(pair[2]);
  }
  return tables;
}

const workerDir = resolve(dir);
const toml = readWranglerToml(join(workerDir, "wrangler.toml"));
const { main, compatibility_date: compatibilityDate, compatibility_flags: compatibilityFlags = [] } = toml[""];
if (!main || !compatibilityDate) throw new Error("wrangler.toml needs main and compatibility_date");

// One scratch directory, removed on every way out. Miniflare's own temporary directory goes inside it (TMPDIR):
// dispose() starts removing that one without waiting, and this process exits right after.
const scratch = mkdtempSync(join(tmpdir(), "codexkit-worker-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
process.env.TMPDIR = join(scratch, "tmp");
mkdirSync(process.env.TMPDIR);

// Stop when the test closes stdin (or dies, which closes it too) or on SIGTERM: dispose Miniflare, which stops workerd.
let mf;
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await mf?.dispose();
  process.exit(0);
}
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

// `@codexkit/sdk` as an installed package (node_modules/@codexkit/sdk → this repository), so its export map decides
// which dist/ files a Worker gets.
const modules = join(scratch, "node_modules");
mkdirSync(join(modules, "@codexkit"), { recursive: true });
symlinkSync(root, join(modules, "@codexkit", "sdk"), "dir");

const esbuild = await import("esbuild");
const built = await esbuild.build({
  entryPoints: [join(workerDir, main)],
  tsconfig: join(workerDir, "tsconfig.json"), // the Worker project's, not this repository's (its paths map to sources)
  bundle: true,
  write: false,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["browser", "module", "main"],
  nodePaths: [modules],
  metafile: true,
  logLevel: "silent",
});
const script = built.outputFiles[0].text;
const inputs = Object.keys(built.metafile.inputs);
const sdkInputs = inputs.filter((f) => resolve(f).startsWith(join(root, "dist"))).map((f) => relative(root, resolve(f)));

const { Miniflare } = await import("miniflare");
mf = new Miniflare({
  modules: true,
  script,
  compatibilityDate,
  compatibilityFlags,
  bindings: { ...toml.vars, ...JSON.parse(bindingsJson) },
  host: "127.0.0.1",
  port: 0,
});
const url = await mf.ready;
process.stdout.write(JSON.stringify({ url: url.href, sdkInputs }) + "\n");
