import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests import the public specifiers (@codexkit/sdk/...). They resolve through deno.json's export map (the
// TypeScript sources that JSR publishes), so a subpath missing from the map fails the tests. On Node, the
// package's "node" export condition makes "@codexkit/sdk" the Node entry; mirror that here.
const deno = JSON.parse(readFileSync(new URL("./deno.json", import.meta.url), "utf8")) as {
  exports: Record<string, string>;
};
const source = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const alias = Object.entries(deno.exports)
  .map(([subpath, file]) => ({
    find: new RegExp(`^@codexkit/sdk${subpath === "." ? "" : subpath.slice(1)}$`),
    replacement: source(subpath === "." ? deno.exports["./node"]! : file),
  }));

export default defineConfig({
  resolve: { alias },
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
