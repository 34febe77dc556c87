import { defineConfig, type UserConfig } from "tsdown";

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
      host: "transports/host.ts",
      websocket: "transports/websocket.ts",
      ticket: "transports/ticket.ts",
    },
    format: ["esm", "cjs"],
    dts: true,
    shims: true,
    clean: true,
  },
  {
    // The `codexkit` command (package.json "bin"): ESM only, no types, not an import subpath. Its own build, so the
    // library's chunks stay exactly what the subpaths need; it bundles the few sources it uses (~20 kB).
    ...shared,
    entry: { cli: "bin/codexkit.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
  },
]);
