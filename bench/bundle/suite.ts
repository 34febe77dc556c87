// Suite 3: browser bundle size of the core entry, against the CI budget and the 20 KB core + WebSocket goal.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Row, Suite, SuiteResult } from "../lib/results.ts";
import { BROWSER_CORE_BUDGET_BYTES, CORE_PLUS_WEBSOCKET_GOAL_BYTES, measureBrowserBundle } from "./size.ts";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function newestMtime(dir: string): number {
  return Math.max(...readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(".ts"))
    .map((d) => statSync(join(d.parentPath, d.name)).mtimeMs));
}

/** The bundle size suite. */
export const bundleSuite: Suite = {
  id: "bundle",
  async run(ctx): Promise<SuiteResult> {
    // The source entry is always current; the npm entry (dist/) is what users get, but only after `npm run build`.
    const source = await measureBrowserBundle("./src/mod.ts", ctx.root);
    const withoutJsonSchema = await measureBrowserBundle("./src/mod.ts", ctx.root, ["@valibot/to-json-schema"]);
    const withoutValibot = await measureBrowserBundle("./src/mod.ts", ctx.root, ["@valibot/to-json-schema", "valibot"]);
    const distFile = join(ctx.root, "dist", "mod.mjs");
    const distFresh = existsSync(distFile) && statSync(distFile).mtimeMs >= newestMtime(join(ctx.root, "src"));
    const dist = existsSync(distFile)
      ? await measureBrowserBundle("@codexkit/sdk", ctx.root).catch((err: Error) => err)
      : null;
    const top = source.inputs.slice(0, 4).map((i) => `${i.path.replace(/^node_modules\//, "")} ${kb(i.bytes)}`).join(", ");
    const rows: Row[] = [
      {
        label: "core entry (src/mod.ts), minified + gzip -9",
        status: "measured",
        value: source.gzipped,
        unit: "B",
        note: `${kb(source.minified)} minified; largest inputs (minified): ${top}`,
      },
      dist instanceof Error
        ? { label: "npm entry (dist/)", status: "failed", value: null, unit: "B", note: dist.message.split("\n").slice(0, 2).join(" ") }
        : dist
        ? {
          label: "npm entry (@codexkit/sdk → dist/mod.mjs), minified + gzip -9",
          status: "measured",
          value: dist.gzipped,
          unit: "B",
          note: distFresh ? `${kb(dist.minified)} minified` : "dist/ is older than src/: run npm run build for a current number",
        }
        : { label: "npm entry (dist/)", status: "not installed", value: null, unit: "B", note: "run npm run build" },
      {
        label: "  without @valibot/to-json-schema",
        status: "measured",
        value: withoutJsonSchema.gzipped,
        unit: "B",
        note: `saves ${source.gzipped - withoutJsonSchema.gzipped} B gz: only runJson with a valibot schema needs it`,
      },
      {
        label: "  without valibot and @valibot/to-json-schema",
        status: "measured",
        value: withoutValibot.gzipped,
        unit: "B",
        note: "the SDK's own code",
      },
    ];
    const left = CORE_PLUS_WEBSOCKET_GOAL_BYTES - source.gzipped;
    return {
      id: "bundle",
      title: "Browser bundle: export * of the core entry, esbuild --platform=browser --minify, gzip -9",
      rows,
      checks: [
        {
          what: "core entry gzipped vs CI budget (tests/unit/bundle-budget.test.ts)",
          value: source.gzipped,
          target: `≤ ${BROWSER_CORE_BUDGET_BYTES} B`,
          unit: "B",
          pass: source.gzipped <= BROWSER_CORE_BUDGET_BYTES,
        },
        {
          what: "core entry gzipped, room left for the WebSocket client in 20 KB",
          value: left,
          target: "> 0 B",
          unit: "B",
          pass: left > 0,
        },
      ],
      notes: [
        left > 0
          ? `The WebSocket client has ${left} B (gzipped) left under the 20 KB goal.`
          : `The core alone is ${-left} B over the 20 KB goal for core + WebSocket client.`,
      ],
      panel: {
        title: "Browser bundle, minified + gzip (lower is better)",
        unit: "KB",
        better: "lower",
        limit: { value: CORE_PLUS_WEBSOCKET_GOAL_BYTES / 1024, label: "20 KB goal (core + WebSocket)" },
        bars: [
          { label: "core entry", value: source.gzipped / 1024, ours: true },
          { label: "without to-json-schema", value: withoutJsonSchema.gzipped / 1024, ours: true },
          { label: "without valibot + to-json-schema", value: withoutValibot.gzipped / 1024, ours: true },
        ],
      },
    };
  },
};
