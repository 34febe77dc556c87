import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One suite, three runtimes: `vitest run` (Node), `deno run -A npm:vitest run` (Deno), `bun --bun x vitest run`
// (Bun). The config runs in the runtime under test, so it can tell which one that is.
const g = globalThis as { Deno?: unknown; Bun?: unknown };
const runtime = g.Deno !== undefined ? "deno" : g.Bun !== undefined ? "bun" : "node";

// Tests import the public specifiers (@codexkit/sdk/...). They resolve through deno.json's export map (the
// TypeScript sources that JSR publishes), so a subpath missing from the map fails the tests. The npm package's
// `deno`, `bun` and `node` export conditions make "@codexkit/sdk" that runtime's native entry; mirror that here.
// (JSR's root entry, which picks the runtime at run time, has its own test.)
const deno = JSON.parse(readFileSync(new URL("./deno.json", import.meta.url), "utf8")) as {
  exports: Record<string, string>;
};
const source = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const alias = Object.entries(deno.exports)
  .map(([subpath, file]) => ({
    find: new RegExp(`^@codexkit/sdk${subpath === "." ? "" : subpath.slice(1)}$`),
    replacement: source(subpath === "." ? deno.exports[`./${runtime}`]! : file),
  }));

// The conformance runs of the Deno and Bun transports need their runtime; every other file runs everywhere.
const otherRuntimes = ["deno", "bun"].filter((r) => r !== runtime).map((r) => `tests/conformance/${r}.test.ts`);

export default defineConfig({
  resolve: { alias },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...otherRuntimes],
    // Bun runs vitest's workers reliably as threads only.
    ...(runtime === "bun" ? { pool: "threads" as const } : {}),
    // Most test files spend their time waiting on codex processes, so two files at a time pay off even on two cores,
    // where vitest's default (cores − 1) runs them one by one: the Node suite took 489 s that way, 318–385 s with two
    // (measured twice, all green). Deno and Bun keep the default.
    ...(runtime === "node" ? { maxWorkers: Math.max(2, availableParallelism() - 1) } : {}),
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
