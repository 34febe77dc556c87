// How big the core is in a browser: `export *` of the entry (nothing tree-shaken away), bundled by esbuild for the
// browser platform, minified, gzipped at level 9. Shared by the benchmark and the CI budget test, so both measure
// the same thing.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";

/**
 * The gzipped budget of the core browser bundle, set from the measured size plus modest headroom. The 20 KB goal
 * for core + the coming WebSocket client is tracked separately ({@link CORE_PLUS_WEBSOCKET_GOAL_BYTES}).
 */
// 22 500 until the app-server hardening (issue 15: abort/interrupt handling, close listeners) added ~1 KB gzipped;
// 23 000 until codex 0.171 and the Python SDK's later app-server helpers (issue 10: fs, interactive commands,
// plugins, …) added ~1.5 KB gzipped (measured 25 142 B with both); 25 500 until the first-hour helpers (StreamedTurn.turn,
// unwrapShellCommand) and the version check landed with them (measured 25 682 B). The next step down is issue 12's:
// @valibot/to-json-schema (13 KB minified, the largest input) behind a lazy import, measured with code splitting.
export const BROWSER_CORE_BUDGET_BYTES: number = 26_000;

/** The goal: the core and the later WebSocket client together, gzipped. */
export const CORE_PLUS_WEBSOCKET_GOAL_BYTES: number = 20 * 1024;

/** Sizes of one bundle. */
export interface BundleSize {
  /** Minified bytes. */
  minified: number;
  /** Minified + gzip -9 bytes. */
  gzipped: number;
  /** The bundle text (for content checks). */
  code: string;
  /** Minified bytes contributed per input file, largest first. */
  inputs: Array<{ path: string; bytes: number }>;
}

/**
 * Bundles `export * from <specifier>` for the browser.
 *
 * @param specifier `"@codexkit/sdk"` (through the package export map, i.e. the built dist/) or a source path.
 * @param resolveDir Where the specifier resolves from (the repository root).
 * @param external Packages to leave out (to measure what they cost).
 * @returns The sizes.
 */
export async function measureBrowserBundle(specifier: string, resolveDir: string, external: string[] = []): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(specifier)};`, resolveDir, loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    minify: true,
    metafile: true,
    logLevel: "silent",
    external,
    // resolve "@codexkit/sdk" through the package's export map (browser → "default"), not the tsconfig paths
    tsconfigRaw: {},
  });
  const output = result.outputFiles[0]!;
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  return {
    minified: output.contents.length,
    gzipped: gzipSync(output.contents, { level: 9 }).length,
    code: output.text,
    inputs: Object.entries(inputs)
      .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
      .filter((i) => i.bytes > 0)
      .sort((a, b) => b.bytes - a.bytes),
  };
}
