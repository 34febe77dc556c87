#!/usr/bin/env node
// Regenerates vendor/codex-app-server/<version>/ from the pinned codex binary (stable and experimental schemas kept
// apart), prints what changed since the previously vendored version (then drops it: vendor/ holds the pinned codex
// only), then regenerates src/gen/ from it. Run: npm run vendor:protocol
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { protocolDrift } from "./protocol-drift.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const version = JSON.parse(readFileSync(join(root, "node_modules/@openai/codex/package.json"), "utf8")).version;
const codex = join(root, "node_modules/.bin/codex");
const out = join(root, "vendor/codex-app-server", version);

// Only the bundle is kept: it holds every definition (v1 at the root, v2 under definitions.v2) in one file.
export const BUNDLE = "codex_app_server_protocol.schemas.json";

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const [flavor, extra] of [["stable", []], ["experimental", ["--experimental"]]]) {
  const tmp = mkdtempSync(join(tmpdir(), "codex-schema-"));
  execFileSync(codex, ["app-server", "generate-json-schema", "--out", tmp, ...extra], { stdio: "inherit" });
  copyFileSync(join(tmp, BUNDLE), join(out, `${flavor}.schemas.json`));
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`vendored codex ${version} app-server schema into ${out}`);
const vendorRoot = join(root, "vendor/codex-app-server");
for (const previous of readdirSync(vendorRoot).filter((v) => v !== version)) {
  const read = (v) => JSON.parse(readFileSync(join(vendorRoot, v, "experimental.schemas.json"), "utf8"));
  const drift = protocolDrift(read(previous), read(version));
  console.log(`\ndrift from codex ${previous} to ${version} (experimental bundle, a superset of stable):`);
  for (const line of drift.length ? drift : ["none"]) console.log(`  ${line}`);
  rmSync(join(vendorRoot, previous), { recursive: true, force: true });
}
execFileSync(process.execPath, [join(root, "scripts/gen-protocol.mjs"), version], { stdio: "inherit" });
