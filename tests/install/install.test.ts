// Install tests: what a user gets from the registries. `npm pack` the package once, install the tarball into a fresh
// consumer project (as `npm install @codexkit/sdk` would), then from that project:
//   - import every subpath from Node ESM, Node CJS, Deno (npm:), Bun (ESM and CJS), and from Deno through the JSR
//     layout (deno.json `links` → this repository's deno.json exports, i.e. the TypeScript sources JSR publishes);
//     each runtime must resolve the export map as documented and run one real codex turn against the packed
//     scripted model, with zero-config Codex wired to its native transport;
//   - run the packed `codexkit` command (on Node, Deno and Bun), its scripted model driving the real codex;
//   - type-check TypeScript consumers against the published .d.mts/.d.cts with skipLibCheck: false and strict, each
//     with the minimal tsconfig the README states for its runtime (Node with and without @types/node, Bun, a browser
//     project; Deno through `deno check`), and check that no Node type leaks into the runtime-neutral entries.
// Runs under Node only: the other runtimes are driven as child processes (the result does not depend on the runtime
// running the suite). Offline: the tarball's dependencies come from the npm cache (--prefer-offline).
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { resolveCodexBinary } from "@codexkit/sdk/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runtime } from "../helpers/runtime.ts";

const root = join(import.meta.dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const denoJson = JSON.parse(readFileSync(join(root, "deno.json"), "utf8"));
const subpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json");
const denoBin = join(root, "node_modules", ".bin", "deno");
const bunBin = join(root, "node_modules", ".bin", "bun");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const execFileAsync = promisify(execFile);

type Format = "esm" | "cjs";
interface ProbeResult {
  counts: Record<string, number>;
  resolved: Record<string, string>;
  transport: string;
  reply: string;
}

/** Resolves an export-map target the way Node's algorithm does: the first key (in map order) that is a condition. */
function target(node: unknown, conditions: string[]): string {
  if (typeof node === "string") return node;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === "default" || conditions.includes(key)) return target(value, conditions);
  }
  throw new Error(`no target for ${conditions.join(",")}`);
}

/**
 * A probe: imports every subpath (reporting export counts and where each resolved), asks zero-config Codex which
 * transport it would use, and runs one real codex turn against the packed scripted model.
 */
function probeSource(specs: string[], format: Format, greeting: string): string {
  const [main, testing] = [specs[0], specs.find((s) => s.endsWith("/testing"))];
  const body = `
  const counts = {}, resolved = {};
  for (const spec of ${JSON.stringify(specs)}) {
    counts[spec] = Object.keys(${format === "esm" ? "await import(spec)" : "require(spec)"}).length;
    resolved[spec] = ${format === "esm" ? "import.meta.resolve(spec)" : "require.resolve(spec)"};
  }
  const { Codex } = ${format === "esm" ? `await import(${JSON.stringify(main)})` : `require(${JSON.stringify(main)})`};
  const { reply, startScriptedModel } = ${
    format === "esm" ? `await import(${JSON.stringify(testing)})` : `require(${JSON.stringify(testing)})`
  };
  class Probe extends Codex { probe() { return this.createDefaultTransport({}); } }
  let transport = new Probe().probe();
  if (typeof transport.native === "function") transport = await transport.native(); // JSR root: picked at run time
  const server = await startScriptedModel([reply(${JSON.stringify(greeting)})]);
  try {
    const codex = new Codex({ config: server.config, codexHome: process.env.CODEXKIT_PROBE_HOME });
    const turn = await codex.startThread({ skipGitRepoCheck: true }).run("Say hi");
    console.log(JSON.stringify({ counts, resolved, transport: transport.constructor.name, reply: turn.finalResponse }));
  } finally {
    await server.close();
  }`;
  return format === "esm"
    ? `import process from "node:process";\n${body}\n`
    : `const process = require("node:process");\n(async () => {${body}\n})().catch((err) => { console.error(err); process.exit(1); });\n`;
}

const asPath = (s: string) => (s.startsWith("file:") ? fileURLToPath(s) : s);

describe.runIf(runtime === "node")("the packed package, installed in a fresh project", () => {
  let work = "";
  let app = "";
  let installed = "";
  let codexPath = "";
  const timings: Array<[string, number]> = [];
  const timed = async <T>(label: string, fn: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      timings.push([label, (performance.now() - started) / 1000]);
    }
  };

  /** Runs a probe file in the consumer project with a runtime; returns its JSON line. */
  async function probe(command: string, args: string[], file: string, source: string): Promise<ProbeResult> {
    writeFileSync(join(app, file), source);
    const home = mkdtempSync(join(work, "codex-home-"));
    const { stdout } = await execFileAsync(command, [...args, file], {
      cwd: app,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, CODEX_PATH: codexPath, CODEXKIT_PROBE_HOME: home, NO_COLOR: "1" },
    });
    return JSON.parse(stdout.trim().split("\n").at(-1)!) as ProbeResult;
  }

  /** Checks a probe against the export map: every subpath resolved where `expected` says, exported something. */
  function expectResolved(result: ProbeResult, specs: string[], expected: (subpath: string) => string): void {
    specs.forEach((spec, i) => {
      expect(result.counts[spec], spec).toBeGreaterThan(0);
      expect(asPath(result.resolved[spec]!), spec).toBe(expected(subpaths[i]!));
    });
  }
  const npmSpecs = (prefix = "") => subpaths.map((s) => `${prefix}${pkg.name}${s.slice(1)}`);
  const npmTarget = (conditions: string[]) => (subpath: string) =>
    join(installed, target(pkg.exports[subpath], conditions));

  beforeAll(async () => {
    codexPath = resolveCodexBinary();
    work = mkdtempSync(join(tmpdir(), "codexkit-install-"));
    app = join(work, "app");
    installed = join(app, "node_modules", ...pkg.name.split("/"));
    await timed("build (only when dist/ is missing)", () => {
      if (!existsSync(join(root, "dist", "mod.mjs"))) {
        execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
      }
    });
    const tarball = await timed("npm pack", () => {
      const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
        cwd: root,
        encoding: "utf8",
      });
      return join(work, JSON.parse(out)[0].filename);
    });
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true }, null, 2));
    // Deno: use this project's node_modules for npm packages (no download), and resolve jsr:@codexkit/sdk to this
    // repository the way JSR would serve it: its deno.json exports and imports.
    writeFileSync(join(app, "deno.json"), JSON.stringify({ nodeModulesDir: "manual", links: [root] }, null, 2));
    const typesNode = JSON.parse(readFileSync(join(root, "node_modules", "@types", "node", "package.json"), "utf8"));
    await timed("npm install <tarball>", () =>
      execFileSync("npm", [
        "install",
        tarball,
        `valibot@${pkg.dependencies.valibot}`, // the consumer's own schemas (runJson)
        `@types/node@${typesNode.version}`,
        `bun-types@${pkg.devDependencies["bun-types"]}`, // the Bun consumer's types
        // the optional peers a user of /ai and /otel installs next to the package (and the types @ai-sdk/provider's need)
        `@ai-sdk/provider@${pkg.devDependencies["@ai-sdk/provider"]}`,
        `@opentelemetry/api@${pkg.devDependencies["@opentelemetry/api"]}`,
        `@types/json-schema@${pkg.devDependencies["@types/json-schema"]}`,
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
      ], { cwd: app, encoding: "utf8" }));
  }, 600_000); // pack and install: minutes on a loaded two-core machine

  afterAll(() => {
    if (timings.length > 0) {
      console.log(`install test timings: ${timings.map(([l, s]) => `${l} ${s.toFixed(1)} s`).join(", ")}`);
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("installs the tarball with its dependencies and the codexkit bin", () => {
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    expect(manifest.version).toBe(pkg.version);
    for (const dep of Object.keys(pkg.dependencies)) {
      expect(existsSync(join(app, "node_modules", ...dep.split("/"), "package.json")), dep).toBe(true);
    }
    expect(existsSync(join(app, "node_modules", ".bin", "codexkit"))).toBe(true);
    expect(existsSync(join(installed, "src")), "sources are JSR's, not npm's").toBe(false);
  });

  it("imports every subpath from Node ESM and runs a turn", async () => {
    const specs = npmSpecs();
    const result = await timed(
      "node esm",
      () => probe(process.execPath, [], "probe.mjs", probeSource(specs, "esm", "hi node esm")),
    );
    expectResolved(result, specs, npmTarget(["node", "import"]));
    expect(result.transport).toBe("NodeTransport");
    expect(result.reply).toBe("hi node esm");
  });

  it("requires every subpath from Node CJS and runs a turn", async () => {
    const specs = npmSpecs();
    const result = await timed(
      "node cjs",
      () => probe(process.execPath, [], "probe.cjs", probeSource(specs, "cjs", "hi node cjs")),
    );
    expectResolved(result, specs, npmTarget(["node", "require"]));
    expect(result.transport).toBe("NodeTransport");
    expect(result.reply).toBe("hi node cjs");
  });

  it("imports every subpath from Deno with npm: specifiers and runs a turn", async () => {
    const specs = npmSpecs("npm:");
    const result = await timed(
      "deno npm:",
      () =>
        probe(denoBin, ["run", "-A", "--no-code-cache"], "probe-deno.mjs", probeSource(specs, "esm", "hi deno npm")),
    );
    expectResolved(result, specs, npmTarget(["deno", "node", "import"]));
    expect(result.transport).toBe("DenoTransport");
    expect(result.reply).toBe("hi deno npm");
  });

  it("imports and requires every subpath from Bun and runs a turn", async () => {
    const specs = npmSpecs();
    const esm = await timed(
      "bun esm",
      () => probe(bunBin, [], "probe-bun.mjs", probeSource(specs, "esm", "hi bun esm")),
    );
    expectResolved(esm, specs, npmTarget(["bun", "node", "import"]));
    expect(esm.transport).toBe("BunTransport");
    expect(esm.reply).toBe("hi bun esm");
    const cjs = await timed(
      "bun cjs",
      () => probe(bunBin, [], "probe-bun.cjs", probeSource(specs, "cjs", "hi bun cjs")),
    );
    expectResolved(cjs, specs, npmTarget(["bun", "node", "require"]));
    expect(cjs.transport).toBe("BunTransport");
    expect(cjs.reply).toBe("hi bun cjs");
  });

  it("imports every subpath from Deno through the JSR layout (deno.json exports, TypeScript sources)", async () => {
    const specs = subpaths.map((s) => `jsr:${denoJson.name}@${denoJson.version}${s.slice(1)}`);
    const result = await timed(
      "deno jsr:",
      () => probe(denoBin, ["run", "-A", "--no-code-cache"], "probe-jsr.ts", probeSource(specs, "esm", "hi deno jsr")),
    );
    expectResolved(result, specs, (subpath) => join(root, denoJson.exports[subpath]));
    expect(result.transport).toBe("DenoTransport"); // the JSR root picks the native transport at run time
    expect(result.reply).toBe("hi deno jsr");
  });

  it("runs the codexkit command on Node, Deno and Bun; its scripted model drives the real codex", async () => {
    const cli = join(app, "node_modules", ".bin", "codexkit");
    // the bin's `#!/usr/bin/env node` must find this Node
    const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, CODEX_PATH: codexPath };
    const run = (cmd: string, args: string[]) =>
      execFileSync(cmd, args, { cwd: app, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    await timed("codexkit", async () => {
      expect(run(cli, ["--version"])).toBe(pkg.version);
      expect(run(denoBin, ["run", "-A", `npm:${pkg.name}`, "--version"])).toBe(pkg.version);
      expect(run(bunBin, [cli, "--version"])).toBe(pkg.version);
      expect(JSON.parse(run(cli, ["which", "--json"]))).toEqual({
        path: codexPath,
        version: expect.stringMatching(/^codex-cli \d+\.\d+\.\d+/),
      });
      let usage: { status: number | null; stderr: string } = { status: 0, stderr: "" };
      try {
        run(cli, ["scripted-model", "--port", "x"]);
      } catch (err) {
        usage = err as typeof usage;
      }
      expect(usage.status).toBe(2);
      expect(usage.stderr).toContain("Invalid --port x");

      // a script file (codex runs a real command), then a --reply
      const script = join(work, "script.json");
      writeFileSync(script, JSON.stringify([{ output: [{ type: "exec_command", cmd: "echo scripted-by-file" }] }]));
      const args = ["scripted-model", "--json", "--script", script, "--reply", "Hello from the packed CLI"];
      const server: ChildProcess = spawn(cli, args, {
        cwd: app,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      try {
        const [first] = (await once(server.stdout!, "data")) as [Buffer];
        const { baseUrl, flags } = JSON.parse(first.toString().split("\n")[0]!) as { baseUrl: string; flags: string[] };
        expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
        const exec = execFileAsync(
          codexPath,
          ["exec", "--json", "--skip-git-repo-check", ...flags, "Say hi"],
          { cwd: app, env: { ...env, CODEX_HOME: mkdtempSync(join(work, "codex-home-")) }, timeout: 30_000 },
        );
        exec.child.stdin?.end(); // codex exec reads stdin until EOF
        const { stdout } = await exec.catch((err) =>
          Promise.reject(new Error(`codex exec failed: ${err.stderr ?? err}`))
        );
        const events = stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l));
        const message = events.find((e) => e.type === "item.completed" && e.item.type === "agent_message");
        const command = events.find((e) => e.type === "item.completed" && e.item.type === "command_execution");
        expect(command?.item.aggregated_output).toContain("scripted-by-file");
        expect(message?.item.text).toBe("Hello from the packed CLI");
        expect(events.at(-1)?.type).toBe("turn.completed");
      } finally {
        const exited = once(server, "exit");
        server.kill("SIGTERM");
        const [code] = await exited;
        expect(code).toBe(0); // SIGTERM closes the server and exits cleanly
      }
    });
  }, 60_000);

  it("keeps Node types out of the runtime-neutral entries' declarations (core, memory, testing)", () => {
    const dist = join(installed, "dist");
    // an entry's declaration file and every chunk it imports
    const closure = (file: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(file)) return seen;
      seen.add(file);
      const text = readFileSync(join(dist, file), "utf8");
      for (const m of text.matchAll(/from "\.\/([^"]+)\.([cm])js"/g)) closure(`${m[1]}.d.${m[2]}ts`, seen);
      return seen;
    };
    for (const entry of ["mod", "memory", "testing"]) {
      for (const ext of ["mts", "cts"]) {
        for (const file of closure(`${entry}.d.${ext}`)) {
          const text = readFileSync(join(dist, file), "utf8");
          expect(text, file).not.toMatch(/from "node:|import\("node:|\bNodeJS\.|\bBuffer\b|reference types="node"/);
          if (/\bAsyncDisposable\b|Symbol\.asyncDispose/.test(text)) {
            expect(text.startsWith('/// <reference lib="esnext.disposable" />'), file).toBe(true);
          }
        }
      }
    }
  });

  it("type-checks consumers with the minimal tsconfig of each runtime (skipLibCheck: false)", async () => {
    const base = { strict: true, skipLibCheck: false, noEmit: true };
    // The README's table ("Install"), plus Node without @types/node: TypeScript 6 defaults (target, lib, types: []).
    const projects: Array<[string, Record<string, unknown>, Record<string, string>]> = [
      ["ts-node", { ...base, module: "nodenext", types: ["node"] }, {
        "consumer.mts": NODE_CONSUMER_ESM,
        "consumer.cts": NODE_CONSUMER_CJS,
      }],
      ["ts-node-bare", { ...base, module: "nodenext" }, { "consumer.mts": BARE_CONSUMER }],
      ["ts-bun", {
        ...base,
        module: "preserve",
        moduleResolution: "bundler",
        types: ["bun-types"],
        customConditions: ["bun"],
      }, { "consumer.ts": BUN_CONSUMER }],
      ["ts-web", { ...base, module: "esnext", moduleResolution: "bundler", lib: ["ES2022", "DOM"] }, {
        "consumer.ts": WEB_CONSUMER,
      }],
    ];
    // bun-types 1.4 is written against a newer @types/node than the Node 20 types installed here: errors inside
    // bun-types' own files are theirs (a Bun project's @types/bun brings matching ones); ours and the consumer's count.
    const check = (dir: string) =>
      execFileAsync(process.execPath, [tsc, "-p", dir, "--pretty", "false"], { cwd: app, encoding: "utf8" }).then(
        () => "",
        (err: { stdout: string }) =>
          (err.stdout || String(err)).split("\n").filter((l) => l.trim() && !/node_modules\/bun-types\//.test(l)).join("\n"),
      );
    for (const [name, compilerOptions, files] of projects) {
      const dir = join(app, name);
      mkdirSync(dir);
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: Object.keys(files) }));
      for (const [file, source] of Object.entries(files)) writeFileSync(join(dir, file), source);
    }
    const results = await timed(
      "tsc (node, bare node, bun, web consumers, parallel)",
      () => Promise.all(projects.map(([name]) => check(join(app, name)))),
    );
    expect(Object.fromEntries(projects.map(([name], i) => [name, results[i]]))).toEqual(
      Object.fromEntries(projects.map(([name]) => [name, ""])),
    );
    // Deno: no tsconfig at all; `deno check` against what JSR serves (the TypeScript sources, through the JSR layout
    // set up above). The npm package's .d.mts do not type-check under Deno yet: Deno reads `./mod.mjs` imports inside
    // them as JavaScript, not as their .d.mts siblings.
    writeFileSync(join(app, "consumer-deno.ts"), DENO_CONSUMER.replaceAll("JSR", `jsr:${denoJson.name}@${denoJson.version}`));
    const deno = await timed("deno check", () =>
      execFileAsync(denoBin, ["check", "consumer-deno.ts"], { cwd: app, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } })
        .then(() => "", (err: { stderr: string }) => err.stderr || String(err)));
    expect(deno).toBe("");
  }, 600_000); // five compilers; minutes on a loaded two-core machine
});

// Each consumer uses its imports in typed ways, and holds an @ts-expect-error: if the published types degraded to
// `any`, tsc would report the directive as unused and fail.
const NODE_CONSUMER_ESM = `import * as v from "valibot";
import { Codex, isCodexError, type ThreadEvent, type Turn } from "@codexkit/sdk";
import { BunTransport } from "@codexkit/sdk/bun";
import { DenoTransport } from "@codexkit/sdk/deno";
import { MemoryTransport } from "@codexkit/sdk/memory";
import { NodeTransport, resolveCodexBinary } from "@codexkit/sdk/node";
import { reply, runCommand, type ScriptedModelServer, startScriptedModel } from "@codexkit/sdk/testing";

export async function main(): Promise<string> {
  await using server: ScriptedModelServer = await startScriptedModel([runCommand("echo hi"), reply("done")]);
  const codex = new Codex({ config: server.config, transport: new NodeTransport({ killGraceMs: 500 }) });
  const thread = codex.startThread({ skipGitRepoCheck: true, sandboxMode: "workspace-write" });
  const turn: Turn = await thread.run("hi");
  const { events } = await thread.runStreamed("again");
  for await (const event of events) {
    const e: ThreadEvent = event;
    if (e.type === "item.completed" && e.item.type === "agent_message") console.log(e.item.text);
  }
  const json = await thread.runJson("status", { schema: v.object({ ok: v.boolean() }) });
  const ok: boolean = json.data.ok;
  const path: string = resolveCodexBinary();
  return [turn.finalResponse, ok, path, DenoTransport.name, BunTransport.name, MemoryTransport.name, isCodexError(null)].join();
}

// @ts-expect-error sandboxMode is a closed set
new Codex().startThread({ sandboxMode: "everything" });
`;

const NODE_CONSUMER_CJS = `import { Codex, type Turn } from "@codexkit/sdk";
import { MemoryTransport } from "@codexkit/sdk/memory";
import { reply } from "@codexkit/sdk/testing";

const transport = MemoryTransport.fromLines([{ type: "thread.started", thread_id: "t1" }]);
export const pending: Promise<Turn> = new Codex({ transport }).startThread().run("hi");
export const step = reply("x");
// @ts-expect-error run takes input, not a number
new Codex({ transport }).startThread().run(42);
`;

// Node without @types/node: only the SDK's own types, under TypeScript 6's defaults.
const BARE_CONSUMER = `import { Codex, type Turn, unwrapShellCommand } from "@codexkit/sdk";
import { MemoryTransport } from "@codexkit/sdk/memory";
import { startScriptedModel } from "@codexkit/sdk/testing";

export async function main(): Promise<string> {
  await using codex = new Codex({ transport: MemoryTransport.fromLines([{ type: "thread.started", thread_id: "t" }]) });
  await using server = await startScriptedModel([]);
  const { events, turn } = await codex.startThread().runStreamed("hi");
  for await (const e of events) console.log(e.type);
  const done: Turn = await turn;
  return done.finalResponse + unwrapShellCommand("/bin/bash -lc ls") + server.baseUrl;
}
// @ts-expect-error the transport must be a Transport
new Codex({ transport: 42 });
`;

const BUN_CONSUMER = `import { BunTransport, Codex } from "@codexkit/sdk";
import { reply, startScriptedModel } from "@codexkit/sdk/testing";

await using server = await startScriptedModel([reply("hi")]);
await using codex = new Codex({ config: server.config, transport: new BunTransport() });
const turn = await codex.startThread({ skipGitRepoCheck: true }).run("hi");
console.log(turn.finalResponse, Bun.version);
// @ts-expect-error run takes input, not a number
await codex.startThread().run(42);
`;

const DENO_CONSUMER = `import { Codex, DenoTransport } from "JSR/deno";
import { reply, startScriptedModel } from "JSR/testing";

await using server = await startScriptedModel([reply("hi")]);
await using codex = new Codex({ config: server.config, transport: new DenoTransport() });
const turn = await codex.startThread({ skipGitRepoCheck: true }).run("hi");
console.log(turn.finalResponse, Deno.version.deno);
// @ts-expect-error run takes input, not a number
await codex.startThread().run(42);
`;

const WEB_CONSUMER = `import { Codex, type ThreadEvent } from "@codexkit/sdk";
import { MemoryTransport } from "@codexkit/sdk/memory";

const transport = new MemoryTransport((p) => {
  p.line({ type: "thread.started", thread_id: "t1" });
  p.exit(0);
});
export async function events(): Promise<ThreadEvent[]> {
  const out: ThreadEvent[] = [];
  const { events } = await new Codex({ transport }).startThread().runStreamed("hi");
  for await (const e of events) out.push(e);
  return out;
}
// @ts-expect-error the transport must be a Transport
new Codex({ transport: "ws://example" });
`;
