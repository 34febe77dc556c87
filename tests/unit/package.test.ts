// The package's promises about itself: a runtime-neutral src/, one version and one set of subpaths in package.json,
// deno.json and jsr.json, the built npm entries resolving as documented on the runtime running the suite
// (zero-config Codex wired to that runtime's native transport), a browser-safe core, and deno check / deno lint.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { createConsumer } from "../helpers/consumer.ts";
import { nativeTransportName, runtime } from "../helpers/runtime.ts";

const root = join(import.meta.dirname, "..", "..");
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), "utf8"));
const denoBin = join(root, "node_modules", ".bin", "deno");

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]
  );
}

const consumer = createConsumer(root);
afterAll(() => consumer.dispose());
const runInConsumer = (file: string, source: string) => consumer.run(file, source);

const DEFAULT_TRANSPORT = `class Probe extends Codex { probe() { return this.createDefaultTransport({}); } }
const transport = new Probe().probe().constructor.name;`;

describe("package", () => {
  it("keeps src/ free of runtime-specific APIs", () => {
    const offenders: string[] = [];
    for (const file of walk(join(root, "src")).filter((f) => f.endsWith(".ts"))) {
      // Generated docs (src/gen, from upstream codex and the .proto) may say "the process."; there only code counts.
      // Everywhere else comments count too: a reader cannot tell `process.` in a comment from a leftover of code.
      const generated = /[\\/]src[\\/]gen[\\/]/.test(file);
      readFileSync(file, "utf8").split("\n").forEach((line, i) => {
        if (generated && /^\s*(\/\/|\/\*|\*)/.test(line)) return;
        const code = generated ? line.replace(/\/\/.*$/, "") : line;
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
    // npm picks the root entry by condition; runtimes that also match "node" must be asked first.
    expect(Object.keys(pkg.exports["."])).toEqual(["deno", "bun", "node", "default"]);
  });

  it(`resolves every npm subpath from ESM and CJS on ${runtime}, with Codex wired to ${nativeTransportName}`, () => {
    const pkg = readJson("package.json");
    const specs = Object.keys(pkg.exports).filter((k) => k !== "./package.json").map((k) => `${pkg.name}${k.slice(1)}`);
    const esm = JSON.parse(runInConsumer(
      "probe.mjs",
      `import { Codex } from "@codexkit/sdk";
${DEFAULT_TRANSPORT}
const counts = {};
for (const spec of ${JSON.stringify(specs)}) counts[spec] = Object.keys(await import(spec)).length;
console.log(JSON.stringify({ transport, counts }));`,
    ));
    const cjs = JSON.parse(runInConsumer(
      "probe.cjs",
      `const { Codex } = require("@codexkit/sdk");
${DEFAULT_TRANSPORT}
const counts = {};
for (const spec of ${JSON.stringify(specs)}) counts[spec] = Object.keys(require(spec)).length;
console.log(JSON.stringify({ transport, counts }));`,
    ));
    expect(esm.transport).toBe(nativeTransportName);
    // Deno resolves require() with the "node" condition (its rule, not ours): CommonJS on Deno gets NodeTransport,
    // which runs there through Deno's Node compatibility (the conformance suite checks that it works).
    expect(cjs.transport).toBe(runtime === "deno" ? "NodeTransport" : nativeTransportName);
    for (const spec of specs) expect(esm.counts[spec]).toBeGreaterThan(0);
    expect(cjs.counts).toEqual(esm.counts);
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

  // Checked once, on Node: the result does not depend on the runtime running the suite.
  it.runIf(runtime === "node")("passes deno check on src/ and transports/, and the JSR publish dry run", () => {
    // tests/types/deno-api.ts: the structural Deno API the transport declares matches Deno's own types
    execFileSync(denoBin, ["check", "--quiet", "src/", "transports/", "tests/types/deno-api.ts"], {
      cwd: root,
      encoding: "utf8",
    });
    execFileSync(denoBin, ["publish", "--dry-run", "--allow-dirty", "--quiet"], { cwd: root, encoding: "utf8" });
  }, 300_000); // type-checks every entry (the /ai entry's @ai-sdk/provider types included): slow on a busy machine

  it.runIf(runtime === "node")("passes deno lint on src/ and transports/", () => {
    // (ban-types is off in deno.json: it flags `"a" | "b" | (string & {})`, the open-union idiom src/ uses to stay
    // lenient with codex output.)
    let out: string;
    try {
      out = execFileSync(denoBin, ["lint", "--json", "src/", "transports/"], { cwd: root, encoding: "utf8" });
    } catch (err) {
      out = (err as { stdout: string }).stdout; // findings make deno lint exit 1; the JSON is still on stdout
    }
    const findings = (JSON.parse(out) as { diagnostics: Array<{ filename: string; code: string }> }).diagnostics
      .map((d) => `${relative(root, fileURLToPath(d.filename))} ${d.code}`);
    expect(findings).toEqual([]);
  });
});
