import { defineConfig } from "tsdown";

// One entry per public subpath; names mirror the subpaths in package.json, deno.json and jsr.json.
export default defineConfig({
  entry: {
    mod: "src/mod.ts",
    node: "transports/node.ts",
    memory: "transports/memory.ts",
    testing: "transports/testing.ts",
  },
  format: ["esm", "cjs"],
  platform: "node",
  target: "node20",
  dts: true,
  shims: true,
  sourcemap: false,
  clean: true,
});
