import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, type UserConfig } from "tsdown";

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
    },
    format: ["esm", "cjs"],
    // resolveJsonSchema (the one static importer of @valibot/to-json-schema; turns import it dynamically) gets a
    // chunk of its own, which the entries only re-export: a bundler drops it where resolveJsonSchema is unused, while
    // inside the shared core chunk its import would pull the converter into every browser bundle. A group takes its
    // module's dependencies along, so the JSON-schema derivation it shares with turns (and, with that, the errors) is
    // claimed first by a group of higher priority; tests/unit/bundle-budget.test.ts fails if this stops working.
    outputOptions: {
      codeSplitting: {
        groups: [
          { name: "errors", test: /src[\\/](errors|thread[\\/]derive-json-schema)\.ts$/, priority: 2 },
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
