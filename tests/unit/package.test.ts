// The package's promises about itself: a runtime-neutral src/, one version and one set of subpaths in package.json,
// deno.json and jsr.json, and the built npm entries behaving as documented (zero-config Node, browser-safe core).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), "utf8"));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]
  );
}

describe("package", () => {
  it("keeps src/ free of runtime-specific APIs", () => {
    const offenders: string[] = [];
    // src/gen is generated from codex's schema; its doc comments quote prose such as "the process."
    const files = walk(join(root, "src")).filter((f) => f.endsWith(".ts") && !f.includes("/src/gen/"));
    for (const file of files) {
      readFileSync(file, "utf8").split("\n").forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, "");
        if (/from ["']node:|\bDeno\.|\bBun\.|\bBuffer\b|\bprocess\./.test(code)) offenders.push(`${file}:${i + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it("has one version and the same subpaths in package.json, deno.json and jsr.json", () => {
    const pkg = readJson("package.json");
    const deno = readJson("deno.json");
    const jsr = readJson("jsr.json");
    expect(deno.name).toBe(pkg.name);
    expect(jsr.name).toBe(pkg.name);
    expect(deno.version).toBe(pkg.version);
    expect(jsr.version).toBe(pkg.version);
    expect(jsr.exports).toEqual(deno.exports);
    const npmSubpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json").sort();
    expect(Object.keys(deno.exports).sort()).toEqual(npmSubpaths);
    for (const file of Object.values<string>(deno.exports)) expect(existsSync(join(root, file))).toBe(true);
  });

  it("resolves every npm subpath from ESM and CJS, with Codex wired to Node by default", () => {
    const pkg = readJson("package.json");
    for (const subpath of Object.keys(pkg.exports).filter((k) => k !== "./package.json")) {
      const spec = `${pkg.name}${subpath.slice(1)}`;
      const esm = execFileSync(process.execPath, [
        "--input-type=module",
        "-e",
        `const m = await import(${JSON.stringify(spec)}); console.log(Object.keys(m).length)`,
      ], { cwd: root, encoding: "utf8" });
      expect(Number(esm)).toBeGreaterThan(0);
      const cjs = execFileSync(process.execPath, ["-e", `console.log(Object.keys(require(${JSON.stringify(spec)})).length)`], {
        cwd: root,
        encoding: "utf8",
      });
      expect(Number(cjs)).toBe(Number(esm));
    }
    // zero-config: the root import on Node is the Node entry, so a Codex needs no transport
    const out = execFileSync(process.execPath, [
      "--input-type=module",
      "-e",
      `import { Codex, NodeTransport } from "@codexkit/sdk"; console.log(typeof NodeTransport, new Codex() instanceof Codex)`,
    ], { cwd: root, encoding: "utf8" });
    expect(out.trim()).toBe("function true");
  });

  it("bundles the core for the browser without node: modules", async () => {
    const result = await build({
      stdin: { contents: 'export * from "@codexkit/sdk";', resolveDir: root, loader: "ts" },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      minify: true,
      logLevel: "silent",
      // resolve through the package's own export map (browser condition), not the tsconfig source paths
      tsconfigRaw: {},
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/["']node:/);
    expect(code).toContain("CODEX_TURN_FAILED");
  });
});
