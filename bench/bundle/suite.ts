// Suite 3: browser bundle sizes: what a browser app loads up front (`Codex` + WebSocket transport) against the 20 KB
// budget, the same app naming `AppServerClient` and `export *` of the core entry against theirs, and what the largest
// dependencies cost.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Row, Suite, SuiteResult } from "../lib/results.ts";
import {
  BROWSER_APP_BUDGET_BYTES,
  BROWSER_APP_WITH_CLIENT_BUDGET_BYTES,
  BROWSER_CORE_BUDGET_BYTES,
  browserApp,
  browserAppWithClient,
  type BundleSize,
  exportAll,
  measureBrowserBundle,
  measureRolldownBundle,
} from "./size.ts";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function newestMtime(dir: string): number {
  return Math.max(...readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(".ts"))
    .map((d) => statSync(join(d.parentPath, d.name)).mtimeMs));
}

// a lazy chunk named by what it holds: packages by name, our files by folder (src/app-server, src/jsonrpc, …)
const holder = (path: string) =>
  path.includes("node_modules/") ? path.replace(/^.*node_modules\//, "").replace(/\/dist\/.*$/, "") : path.replace(/\/[^/]*$/, "");
const lazyNote = (b: BundleSize) =>
  b.lazy.filter((c) => c.inputs.length > 0).map((c) => `${kb(c.gzipped)} gz on demand (${[...new Set(c.inputs.map(holder))].join(", ")})`).join("; ");

/** The bundle size suite. */
export const bundleSuite: Suite = {
  id: "bundle",
  async run(ctx): Promise<SuiteResult> {
    // The sources are always current; the npm entries (dist/) are what users get, but only after `npm run build`.
    const sourceApp = browserApp("./src/mod.ts", "./transports/websocket.ts");
    const app = await measureBrowserBundle(sourceApp, ctx.root);
    const withClient = await measureBrowserBundle(browserAppWithClient("./src/mod.ts", "./transports/websocket.ts"), ctx.root);
    const core = await measureBrowserBundle(exportAll("./src/mod.ts"), ctx.root);
    const withoutValibot = await measureBrowserBundle(sourceApp, ctx.root, ["valibot"]);
    const distFile = join(ctx.root, "dist", "mod.mjs");
    const distFresh = existsSync(distFile) && statSync(distFile).mtimeMs >= newestMtime(join(ctx.root, "src"));
    const dist = existsSync(distFile) ? await measureBrowserBundle(browserApp(), ctx.root).catch((err: Error) => err) : null;
    const viaRolldown = existsSync(distFile) ? await measureRolldownBundle(browserApp(), ctx.root).catch((err: Error) => err) : null;
    const top = (b: BundleSize) => b.inputs.slice(0, 4).map((i) => `${i.path.replace(/^node_modules\//, "")} ${kb(i.bytes)}`).join(", ");
    const rows: Row[] = [
      {
        label: "browser app: { Codex } + { websocketTransport }, loaded up front, min + gzip -9",
        status: "measured",
        value: app.gzipped,
        unit: "B",
        note: `${kb(app.minified)} minified; ${lazyNote(app)}; largest inputs (minified): ${top(app)}`,
      },
      dist instanceof Error
        ? { label: "  the same from the npm entries (dist/)", status: "failed", value: null, unit: "B", note: dist.message.split("\n").slice(0, 2).join(" ") }
        : dist
        ? {
          label: "  the same from the npm entries (dist/)",
          status: "measured",
          value: dist.gzipped,
          unit: "B",
          note: distFresh ? `${kb(dist.minified)} minified` : "dist/ is older than src/: run npm run build for a current number",
        }
        : { label: "  the same from the npm entries (dist/)", status: "not installed", value: null, unit: "B", note: "run npm run build" },
      viaRolldown instanceof Error
        ? { label: "  the same from dist/, bundled by rolldown (Vite)", status: "failed", value: null, unit: "B", note: viaRolldown.message.split("\n")[0]! }
        : viaRolldown
        ? {
          label: "  the same from dist/, bundled by rolldown (Vite)",
          status: "measured",
          value: viaRolldown.gzipped,
          unit: "B",
          note: `${kb(viaRolldown.minified)} minified; rolldown's minifier, same splitting rule`,
        }
        : { label: "  the same from dist/, bundled by rolldown (Vite)", status: "not installed", value: null, unit: "B", note: "run npm run build" },
      {
        label: "  without valibot",
        status: "measured",
        value: withoutValibot.gzipped,
        unit: "B",
        note: `valibot costs ${app.gzipped - withoutValibot.gzipped} B gz (options and events are validated with it)`,
      },
      {
        label: "browser app naming AppServerClient too",
        status: "measured",
        value: withClient.gzipped,
        unit: "B",
        note: `the app-server half then loads up front: ${withClient.gzipped - app.gzipped} B gz more`,
      },
      {
        label: "core entry, export * (src/mod.ts), loaded up front",
        status: "measured",
        value: core.gzipped,
        unit: "B",
        note: `${kb(core.minified)} minified (resolveJsonSchema, exported, imports the JSON Schema converter up front); largest inputs (minified): ${top(core)}`,
      },
    ];
    return {
      id: "bundle",
      title: "Browser bundle: esbuild --platform=browser --splitting --minify, gzip -9 per chunk, chunks loaded up front",
      rows,
      checks: [
        {
          what: "browser app gzipped vs its 20 KB budget (tests/unit/bundle-budget.test.ts)",
          value: app.gzipped,
          target: `≤ ${BROWSER_APP_BUDGET_BYTES} B`,
          unit: "B",
          pass: app.gzipped <= BROWSER_APP_BUDGET_BYTES,
        },
        {
          what: "browser app naming AppServerClient vs CI budget",
          value: withClient.gzipped,
          target: `≤ ${BROWSER_APP_WITH_CLIENT_BUDGET_BYTES} B`,
          unit: "B",
          pass: withClient.gzipped <= BROWSER_APP_WITH_CLIENT_BUDGET_BYTES,
        },
        {
          what: "core entry (export *) gzipped vs CI budget",
          value: core.gzipped,
          target: `≤ ${BROWSER_CORE_BUDGET_BYTES} B`,
          unit: "B",
          pass: core.gzipped <= BROWSER_CORE_BUDGET_BYTES,
        },
      ],
      notes: [
        app.gzipped <= BROWSER_APP_BUDGET_BYTES
          ? `A browser app loads ${kb(app.gzipped)} up front, within 20 KB; the app-server half loads on the first app-server turn.`
          : `A browser app loads ${kb(app.gzipped)} up front, ${app.gzipped - BROWSER_APP_BUDGET_BYTES} B over 20 KB (see bench/bundle/size.ts).`,
      ],
      panel: {
        title: "Browser bundle loaded up front, minified + gzip (lower is better)",
        unit: "KB",
        better: "lower",
        limit: { value: BROWSER_APP_BUDGET_BYTES / 1024, label: "20 KB budget (Codex + WebSocket)" },
        bars: [
          { label: "browser app (Codex + WebSocket)", value: app.gzipped / 1024, ours: true },
          { label: "  without valibot", value: withoutValibot.gzipped / 1024, ours: true },
          { label: "  naming AppServerClient too", value: withClient.gzipped / 1024, ours: true },
          { label: "core entry, export *", value: core.gzipped / 1024, ours: true },
        ],
      },
    };
  },
};
