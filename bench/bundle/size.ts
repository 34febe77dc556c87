// How big the SDK is in a browser: a module (what an app imports, or `export *` of an entry) bundled by esbuild for
// the browser platform with code splitting, minified, each output file gzipped at level 9. What the page loads
// before it runs — the entry chunk and every chunk it imports statically — is the size; chunks reached only through
// a dynamic `import()` (the valibot → JSON Schema converter, loaded for a turn with a valibot output schema) are
// listed apart and not counted. Shared by the benchmark and the CI budget test, so both measure the same thing.
import { build } from "esbuild";
import { rolldown } from "rolldown";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * What a browser app imports to run turns through a codex host: `Codex` and the WebSocket transport (the browser
 * test's page and the Cloudflare Worker example import exactly these). The app-server half loads on the first
 * app-server turn, so it is not part of what loads up front.
 */
export function browserApp(core = "@codexkit/sdk", websocket = "@codexkit/sdk/websocket"): string {
  return `export { Codex } from ${JSON.stringify(core)};\n` +
    `export { websocketTransport } from ${JSON.stringify(websocket)};`;
}

/** {@link browserApp} plus `AppServerClient`, imported by name: the app-server half then loads up front too. */
export function browserAppWithClient(core = "@codexkit/sdk", websocket = "@codexkit/sdk/websocket"): string {
  return `export { AppServerClient, Codex } from ${JSON.stringify(core)};\n` +
    `export { websocketTransport } from ${JSON.stringify(websocket)};`;
}

/** Everything an entry exports (nothing tree-shaken away). */
export function exportAll(specifier: string): string {
  return `export * from ${JSON.stringify(specifier)};`;
}

/**
 * The budget of {@link browserApp} (initial chunks, gzipped): the 20 KB. History: 45 648 B while the relay
 * codec pulled protobuf-es's descriptor runtime; 26 021 B with a codec of its own over protobuf-es's
 * `BinaryWriter`/`BinaryReader` and @valibot/to-json-schema behind a dynamic import; 27 282 B with the remote
 * features of several hosts, Workers and image bytes; then 21 782 B once `Codex` loaded the app-server half (client,
 * JSON-RPC peer, thread backend, ~7.5 KB) on its first app-server turn, and 19 380 B once the relay codec wrote the
 * wire format itself (src/relay/wire.ts) instead of through protobuf-es's classes (~3.4 KB).
 */
export const BROWSER_APP_BUDGET_BYTES: number = 20 * 1024;

/**
 * The CI budget of {@link browserAppWithClient}, set from the measured size (26 473 B) with small headroom: what an
 * app pays for naming `AppServerClient` (import it only where the app-server protocol is used directly).
 */
export const BROWSER_APP_WITH_CLIENT_BUDGET_BYTES: number = 26_900;

/**
 * The CI budget of `export *` of the core entry (initial chunks, gzipped), set from the measured size with modest
 * headroom. 26 000 while it was measured as one file without code splitting; 27 500 with the remote features (image
 * bytes, host identity). Since the root entry became two files of their own (core and the app-server half, so that a
 * browser app can leave the latter out), `export *` loads both halves, @valibot/to-json-schema (which the exported
 * `resolveJsonSchema` imports) and the chunks they share as separate files, gzipped apart: measured 29 249 B with
 * Node's zlib (Bun's gzips the same input tens of bytes larger, which is why the gate runs on Node only).
 */
export const BROWSER_CORE_BUDGET_BYTES: number = 29_600;

/** Sizes of one bundle. */
export interface BundleSize {
  /** Minified bytes loaded up front (the entry chunk and the chunks it imports statically). */
  minified: number;
  /** The same files, each gzipped at level 9, summed. */
  gzipped: number;
  /** Their text, concatenated (for content checks). */
  code: string;
  /** Minified bytes contributed per input file to those chunks, largest first. */
  inputs: Array<{ path: string; bytes: number }>;
  /** Chunks loaded only through a dynamic `import()`, not counted above. */
  lazy: Array<{ inputs: string[]; minified: number; gzipped: number }>;
  /** Their text, concatenated. */
  lazyCode: string;
}

/**
 * Bundles a module for the browser (esbuild, code splitting, minified) and measures what loads up front.
 *
 * @param source The module's text, e.g. {@link browserApp}() or {@link exportAll}("@codexkit/sdk"). Package
 *   specifiers resolve through the package's export map (the built dist/, as users get it); `./src/...` paths
 *   measure the sources.
 * @param resolveDir Where the specifiers resolve from (the repository root).
 * @param external Packages to leave out (to measure what they cost).
 * @returns The sizes.
 */
export async function measureBrowserBundle(source: string, resolveDir: string, external: string[] = []): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir, loader: "ts", sourcefile: "app.ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    splitting: true,
    outdir: "out", // nothing is written; output paths are relative to absWorkingDir
    absWorkingDir: resolveDir,
    write: false,
    minify: true,
    metafile: true,
    logLevel: "silent",
    external,
    // resolve "@codexkit/sdk" through the package's export map (browser → "default"), not the tsconfig paths
    tsconfigRaw: {},
  });
  const outputs = result.metafile.outputs;
  const files = new Map(result.outputFiles.map((f) => [f.path, f]));
  const fileOf = (key: string) => files.get(resolve(resolveDir, key))!;
  const entry = Object.keys(outputs).find((key) => outputs[key]!.entryPoint)!;
  const initial = new Set<string>();
  for (const pending = [entry]; pending.length > 0;) {
    const key = pending.pop()!;
    if (initial.has(key)) continue;
    initial.add(key);
    for (const i of outputs[key]!.imports) if (i.kind === "import-statement" && !i.external) pending.push(i.path);
  }
  const inputs = new Map<string, number>();
  let minified = 0;
  let gzipped = 0;
  let code = "";
  for (const key of initial) {
    const file = fileOf(key);
    minified += file.contents.length;
    gzipped += gzipSync(file.contents, { level: 9 }).length;
    code += file.text;
    for (const [path, { bytesInOutput }] of Object.entries(outputs[key]!.inputs)) {
      inputs.set(path, (inputs.get(path) ?? 0) + bytesInOutput);
    }
  }
  const lazyKeys = Object.keys(outputs).filter((key) => !initial.has(key));
  const lazy = lazyKeys.map((key) => ({
    inputs: Object.keys(outputs[key]!.inputs),
    minified: fileOf(key).contents.length,
    gzipped: gzipSync(fileOf(key).contents, { level: 9 }).length,
  }));
  return {
    minified,
    gzipped,
    code,
    inputs: [...inputs].map(([path, bytes]) => ({ path, bytes })).filter((i) => i.bytes > 0).sort((a, b) => b.bytes - a.bytes),
    lazy,
    lazyCode: lazyKeys.map((key) => fileOf(key).text).join("\n"),
  };
}

/**
 * The same measure with rolldown, the bundler of Vite: code splitting, minified, browser conditions, each chunk
 * gzipped at level 9; what loads up front is the entry chunk and the chunks it imports statically.
 *
 * @param source The module's text, as for {@link measureBrowserBundle}.
 * @param resolveDir Where the specifiers resolve from (the repository root).
 * @returns Gzipped and minified bytes loaded up front.
 */
export async function measureRolldownBundle(source: string, resolveDir: string): Promise<{ gzipped: number; minified: number }> {
  const app = "\0codexkit-app";
  const bundle = await rolldown({
    input: app,
    cwd: resolveDir,
    platform: "browser",
    logLevel: "silent",
    tsconfig: false, // resolve "@codexkit/sdk" through the package's export map, not the tsconfig paths
    resolve: { conditionNames: ["browser", "import", "default"] },
    plugins: [{ name: "app", resolveId: (id) => (id === app ? id : null), load: (id) => (id === app ? source : null) }],
  });
  const { output } = await bundle.generate({ format: "esm", minify: true });
  await bundle.close();
  const chunks = new Map(output.flatMap((o) => (o.type === "chunk" ? [[o.fileName, o] as const] : [])));
  const initial = new Set<string>();
  for (const pending = [[...chunks.values()].find((c) => c.isEntry)!.fileName]; pending.length > 0;) {
    const name = pending.pop()!;
    if (initial.has(name)) continue;
    initial.add(name);
    pending.push(...chunks.get(name)!.imports);
  }
  let gzipped = 0;
  let minified = 0;
  for (const name of initial) {
    const code = new TextEncoder().encode(chunks.get(name)!.code);
    minified += code.length;
    gzipped += gzipSync(code, { level: 9 }).length;
  }
  return { gzipped, minified };
}
