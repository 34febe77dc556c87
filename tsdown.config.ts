import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, type UserConfig } from "tsdown";
import type { Plugin } from "rolldown";

// `Codex`, `AppServerClient` and the scripted model server are AsyncDisposable (`await using`). TypeScript declares
// that in lib "esnext.disposable", which a consumer's default lib lacks (TS 6 defaults to ES2025 and `types: []`),
// and @types/node is no longer there to supply it. Each declaration file that uses it says so itself, so consumers
// need no lib or types setting for it (tests/install/install.test.ts compiles minimal consumers).
const DISPOSABLE_LIB = '/// <reference lib="esnext.disposable" />\n';
function referenceDisposableLib(outDir: string): void {
  for (const file of readdirSync(outDir)) {
    if (!/\.d\.[cm]ts$/.test(file)) continue;
    const text = readFileSync(join(outDir, file), "utf8");
    if (/\bAsyncDisposable\b|Symbol\.asyncDispose/.test(text) && !text.startsWith(DISPOSABLE_LIB)) {
      writeFileSync(join(outDir, file), DISPOSABLE_LIB + text);
    }
  }
}

// The root entry is two files of its own, dist/core.mjs and dist/app-server.mjs, and every other file reaches them
// as external modules: dist/mod.mjs is `export * from "./core.mjs"; export * from "./app-server.mjs";` and `Codex`
// loads the app-server half with `import("./app-server.mjs")` on its first app-server turn. Bundled in, rolldown
// would merge the app-server half into the core chunk (a module imported statically anywhere is not split off by a
// dynamic import), and esbuild keeps in the initial load every module an entry with named exports re-exports: an
// entry of star re-exports only is what lets both leave the app-server half out of a browser bundle that runs exec
// turns. tests/unit/bundle-budget.test.ts fails if this stops working. CJS (no browser reads it) and the declaration
// files bundle as usual.
const OWN_FILES: Array<[RegExp, string]> = [
  [/[\\/]src[\\/]core\.ts$/, "./core.mjs"],
  [/[\\/]src[\\/]app-server[\\/]mod\.ts$/, "./app-server.mjs"],
];
const rootHalvesAsOwnFiles: Plugin = {
  name: "codexkit:root-halves-as-own-files",
  async resolveId(source, importer, extra) {
    // entries themselves are bundled, and so are declarations (importers *.d.ts): types need no splitting
    if (importer === undefined || importer.endsWith(".d.ts") || !/(core|mod)\.ts$/.test(source)) return null;
    const resolved = await this.resolve(source, importer, { ...extra, skipSelf: true });
    const own = resolved && OWN_FILES.find(([path]) => path.test(resolved.id));
    return own ? { id: own[1], external: true } : null;
  },
};

const shared: UserConfig = {
  // "neutral", not "node": with "node", rolldown's shared runtime chunk carries a bare `import "node:module"`,
  // which would reach the browser-safe core (dist/mod.mjs) through it. The runtime entries import node: built-ins
  // explicitly, so nothing else changes.
  platform: "neutral",
  deps: { neverBundle: [/^node:/] },
  fixedExtension: true,
  target: "node20",
  sourcemap: false,
};

export default defineConfig([
  {
    // One entry per public subpath; names mirror the subpaths in package.json, deno.json and jsr.json. The npm root
    // entry is chosen by export condition (deno/bun/node → that runtime's entry, default → the runtime-neutral mod).
    ...shared,
    entry: {
      mod: "src/mod.ts",
      node: "transports/node.ts",
      deno: "transports/deno.ts",
      bun: "transports/bun.ts",
      memory: "transports/memory.ts",
      testing: "transports/testing.ts",
      ai: "transports/ai.ts",
      otel: "src/otel/mod.ts",
      host: "transports/host.ts",
      websocket: "transports/websocket.ts",
      ticket: "transports/ticket.ts",
      // not subpaths: the two halves of the root entry (see rootHalvesAsOwnFiles)
      core: "src/core.ts",
      "app-server": "src/app-server/mod.ts",
    },
    format: { esm: { plugins: [rootHalvesAsOwnFiles] }, cjs: {} },
    // resolveJsonSchema (the one static importer of @valibot/to-json-schema; turns import it dynamically) gets a
    // chunk of its own, which the entries only re-export: a bundler drops it where resolveJsonSchema is unused, while
    // inside the shared core chunk its import would pull the converter into every browser bundle. A group takes its
    // module's dependencies along, so the JSON-schema derivation it shares with turns (and, with that, the errors) is
    // claimed first by a group of higher priority; tests/unit/bundle-budget.test.ts fails if this stops working.
    outputOptions: {
      codeSplitting: {
        groups: [
          { name: "errors", test: /src[\\/](errors([\\/][\w-]+)?|thread[\\/]derive-json-schema)\.ts$/, priority: 2 },
          { name: "resolve-json-schema", test: /src[\\/]thread[\\/]resolve-json-schema\.ts$/, priority: 1 },
        ],
      },
    },
    dts: true,
    hooks: { "build:done": (ctx) => referenceDisposableLib(ctx.options.outDir) },
    shims: true,
    clean: true,
  },
  {
    // The `codexkit` command (package.json "bin"): ESM only, no types, not an import subpath. Its own build, so the
    // library's chunks stay exactly what the subpaths need; it bundles the few sources it uses (~20 kB).
    ...shared,
    entry: { cli: "bin/codexkit.ts" },
    // `ws` is the user's, not ours: `codexkit run --remote` loads it on a Node without a WebSocket (20)
    deps: { neverBundle: [/^node:/, /^ws$/] },
    format: ["esm"],
    dts: false,
    clean: false,
  },
]);
