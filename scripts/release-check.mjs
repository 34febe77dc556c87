// `npm run release:check [-- --tag v1.2.3]`: everything a release needs, verified locally, before anything is
// published. The release workflow runs it on the tag's commit, then publishes that same commit to npm and JSR.
//
//   1. package.json, deno.json and jsr.json agree: name, version, subpaths (both ways), JSR's files and publish list
//   2. the version is semver; with --tag, the tag is exactly v<version> and the working tree is clean
//   3. CHANGELOG.md has a section for the version (with --tag: dated, not "unreleased")
//   4. npm run check:pkg (build, publint --strict, attw --pack . --profile node16) and npm run check:jsr
//      (deno publish --dry-run: no slow types) pass
//   5. what each registry would receive is what we mean to ship: npm gets dist/ (every file the manifest points at),
//      README.md, LICENSE, package.json; JSR gets src/ and transports/ sources, README.md, LICENSE and the manifests.
//      Neither gets tests, benchmarks, examples, vendored schemas, CI files or tarballs.
//
// Exits 1 when any check fails; prints one line per check.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(import.meta.dirname, "..");
const { values: args } = parseArgs({ options: { tag: { type: "string" } }, strict: true });
const readJson = (file) => JSON.parse(readFileSync(join(root, file), "utf8"));

const results = [];
function check(name, fn) {
  try {
    const problems = [fn()].flat().filter(Boolean);
    results.push({ name, problems });
    console.log(`${problems.length === 0 ? "✔" : "✘"} ${name}`);
    for (const p of problems) console.log(`    ${p}`);
  } catch (err) {
    results.push({ name, problems: [String(err?.message ?? err)] });
    console.log(`✘ ${name}\n    ${err?.message ?? err}`);
  }
}

/** Runs an npm script; returns its combined output, or throws with the tail of it. */
function npmRun(script) {
  console.log(`  … npm run ${script}`);
  const run = spawnSync("npm", ["run", "--silent", script], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const out = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) {
    throw new Error(`npm run ${script} failed (exit ${run.status}):\n${out.trim().split("\n").slice(-40).join("\n")}`);
  }
  return out;
}

const pkg = readJson("package.json");
const deno = readJson("deno.json");
const jsr = readJson("jsr.json");
const version = pkg.version;

// Shipping rules, shared by the npm and JSR file lists.
const NEVER_SHIP = [
  /^tests?\//,
  /^bench\//,
  /^examples\//,
  /^vendor\//,
  /^scripts\//,
  /^\.ci\//,
  /^\.github\//,
  /^\.tmp\//,
  /^coverage\//,
  /^node_modules\//,
  /\.tgz$/,
  /(^|\/)\.DS_Store$/,
  /\.test\.ts$/,
  /\.map$/,
];

check("package.json, deno.json and jsr.json agree (name, version, subpaths)", () => {
  const problems = [];
  for (const [file, m] of [["deno.json", deno], ["jsr.json", jsr]]) {
    if (m.name !== pkg.name) problems.push(`${file} name ${m.name} ≠ package.json ${pkg.name}`);
    if (m.version !== version) problems.push(`${file} version ${m.version} ≠ package.json ${version}`);
    if (m.license !== pkg.license) problems.push(`${file} license ${m.license} ≠ package.json ${pkg.license}`);
  }
  const npmSubpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json").sort();
  const denoSubpaths = Object.keys(deno.exports).sort();
  for (const s of npmSubpaths) {
    if (!denoSubpaths.includes(s)) problems.push(`npm subpath ${s} is missing from deno.json`);
  }
  for (const s of denoSubpaths) {
    if (!npmSubpaths.includes(s)) problems.push(`deno.json subpath ${s} is missing from package.json`);
  }
  if (JSON.stringify(jsr.exports) !== JSON.stringify(deno.exports)) {
    problems.push("jsr.json exports differ from deno.json");
  }
  if (JSON.stringify(jsr.publish) !== JSON.stringify(deno.publish)) {
    problems.push("jsr.json publish differs from deno.json");
  }
  for (const [s, file] of Object.entries(deno.exports)) {
    if (!existsSync(join(root, file))) problems.push(`deno.json ${s} → ${file} does not exist`);
  }
  return problems;
});

check(`version ${version} is semver${args.tag ? ` and matches tag ${args.tag}` : ""}`, () => {
  const problems = [];
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version)) problems.push(`${version} is not semver`);
  if (args.tag !== undefined && args.tag !== `v${version}`) {
    problems.push(`tag ${args.tag} ≠ v${version} (bump package.json, deno.json and jsr.json together)`);
  }
  return problems;
});

check(`CHANGELOG.md has a section for ${version}${args.tag ? " (dated)" : ""}`, () => {
  const changelog = readFileSync(join(root, "CHANGELOG.md"), "utf8");
  const escaped = version.replaceAll(".", "\\.");
  const heading = changelog.split("\n").find((l) => new RegExp(`^## \\[?${escaped}\\]?(\\s|$)`).test(l));
  if (!heading) return `no "## ${version}" heading`;
  if (args.tag && !/\d{4}-\d{2}-\d{2}/.test(heading)) return `"${heading}" has no release date (YYYY-MM-DD)`;
  return [];
});

if (args.tag) {
  check("the working tree is clean (what is tagged is what ships)", () => {
    const st = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" });
    return st.status !== 0 ? "git status failed" : st.stdout.trim() ? `uncommitted changes:\n${st.stdout}` : [];
  });
}

check("npm run check:pkg (build, publint --strict, attw --profile node16)", () => {
  npmRun("check:pkg");
});

let jsrFiles = null;
check("npm run check:jsr (deno publish --dry-run, no slow types)", () => {
  const out = npmRun("check:jsr");
  jsrFiles = [...out.matchAll(/(file:\/\/\S+)/g)].map((m) => relative(root, fileURLToPath(m[1])));
  if (jsrFiles.length === 0) return "could not read the file list from deno publish --dry-run";
});

check("npm pack contents: dist/, README.md, LICENSE, package.json and nothing else", () => {
  const run = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`npm pack --dry-run failed:\n${run.stderr}`);
  const files = JSON.parse(run.stdout)[0].files.map((f) => f.path);
  const problems = [];
  for (const f of files) {
    if (NEVER_SHIP.some((re) => re.test(f))) problems.push(`ships ${f}`);
    else if (
      !/^dist\/[^/]+\.(mjs|cjs|d\.mts|d\.cts)$/.test(f) && !["README.md", "LICENSE", "package.json"].includes(f)
    ) {
      problems.push(`ships ${f} (not in the expected set; extend release-check if it is meant to)`);
    }
  }
  // every file the manifest points at must be in the tarball
  const pointed = new Set([pkg.main, pkg.module, pkg.types, ...Object.values(pkg.bin ?? {})]);
  const walk = (node) => {
    if (typeof node === "string") pointed.add(node);
    else if (node && typeof node === "object") Object.values(node).forEach(walk);
  };
  walk(pkg.exports);
  for (const p of pointed) {
    if (!p) continue;
    const f = p.replace(/^\.\//, "");
    if (!files.includes(f)) problems.push(`package.json points at ${p}, which is not in the tarball`);
  }
  for (const f of ["README.md", "LICENSE", "package.json"]) if (!files.includes(f)) problems.push(`${f} is missing`);
  return problems;
});

check("JSR contents: src/ and transports/ sources, README.md, LICENSE, deno.json, jsr.json", () => {
  if (!jsrFiles) return "no file list (check:jsr failed)";
  const problems = [];
  for (const f of jsrFiles) {
    if (NEVER_SHIP.some((re) => re.test(f))) problems.push(`ships ${f}`);
    else if (!/^(src|transports)\/.+\.ts$/.test(f) && !["README.md", "LICENSE", "deno.json", "jsr.json"].includes(f)) {
      problems.push(`ships ${f} (not in the expected set)`);
    }
  }
  for (const f of ["README.md", "LICENSE", ...Object.values(deno.exports).map((p) => p.replace(/^\.\//, ""))]) {
    if (!jsrFiles.includes(f)) problems.push(`${f} is missing`);
  }
  return problems;
});

const failed = results.filter((r) => r.problems.length > 0);
console.log(
  failed.length === 0
    ? `\nrelease check: ${results.length} passed — ${pkg.name}@${version} is ready for npm and JSR`
    : `\nrelease check: ${failed.length} of ${results.length} failed: ${failed.map((r) => r.name).join("; ")}`,
);
process.exit(failed.length === 0 ? 0 : 1);
