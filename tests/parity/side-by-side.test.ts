// Drop-in, proven by running it: the same call sites against @openai/codex-sdk 0.163 and @codexkit/sdk, each
// through a codexPathOverride wrapper that records the argv and environment codex gets and then execs the real codex
// (against a fresh scripted model per run). Compared: the argv (flag order aside), the environment, the resulting
// Turns, and the errors (name, message prefix). Differences on purpose are asserted as such (and listed in the
// README's migration section): our originator, our per-turn `usage` on a resumed thread.
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Codex as OurCodex } from "@codexkit/sdk";
import { reply, type ScriptStep, startScriptedModel } from "@codexkit/sdk/testing";
import { codexPath } from "../helpers/codex-under-test.ts";
import { runtime } from "../helpers/runtime.ts";

// Loaded by name so the type checker never reads its .d.ts (it imports a devDependency it does not ship: with
// skipLibCheck off it fails to compile, one of the gaps this SDK closes). The call sites below are typed as ours.
const OFFICIAL = "@openai/codex-sdk";
const { Codex: OfficialCodex } = (await import(OFFICIAL)) as { Codex: new (options: object) => OurCodex };

type Pkg = "official" | "ours";
type AnyCodex = OurCodex;
interface Record_ {
  argv: string[];
  env: Record<string, string>;
}
interface Outcome<T> {
  value?: T;
  error?: { name: string; message: string };
  records: Record_[];
  requests: Array<{ body: unknown }>;
  workDir: string;
  home: string;
}

let dir: string;
let wrapper: string;
const records = () => join(dir, "records");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "codexkit-parity-"));
  wrapper = join(dir, "codex-wrapper.sh");
  // NUL-separated argv and environment, exactly as given; `exec` keeps the pid, so aborts reach codex itself
  await writeFile(
    wrapper,
    `#!/bin/sh\nf="${records()}/$(date +%s%N)-$$"\nprintf '%s\\0' "$@" > "$f.argv"\nenv -0 > "$f.env"\nexec '${codexPath}' "$@"\n`,
  );
  await chmod(wrapper, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readRecords(): Promise<Record_[]> {
  const names = (await readdir(records())).filter((n) => n.endsWith(".argv")).sort();
  return Promise.all(names.map(async (n) => {
    const split = async (f: string) => (await readFile(join(records(), f), "utf8")).split("\0").filter(Boolean);
    const env = Object.fromEntries((await split(n.replace(/\.argv$/, ".env"))).map((kv) => {
      const i = kv.indexOf("=");
      return [kv.slice(0, i), kv.slice(i + 1)];
    }));
    return { argv: await split(n), env };
  }));
}

/** Runs `fn` with one package's Codex, a fresh scripted model, CODEX_HOME and work directory. */
async function runWith<T>(
  pkg: Pkg,
  steps: ScriptStep[],
  fn: (codex: AnyCodex, workDir: string) => Promise<T>,
  extra: { config?: Record<string, unknown>; configOverrides?: string[] },
) {
  await rm(records(), { recursive: true, force: true });
  await mkdir(records());
  const server = await startScriptedModel(steps);
  const home = await mkdtemp(join(tmpdir(), "codexkit-parity-home-"));
  const workDir = await mkdtemp(join(tmpdir(), "codexkit-parity-work-"));
  const options = {
    codexPathOverride: wrapper,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, CODEX_HOME: home },
    config: { ...server.config, ...extra.config } as never,
    ...(extra.configOverrides ? { configOverrides: extra.configOverrides } : {}),
  };
  const codex = pkg === "official" ? new OfficialCodex(options) : new OurCodex(options);
  const out: Outcome<T> = { records: [], requests: [], workDir, home };
  try {
    out.value = await fn(codex, workDir);
  } catch (err) {
    out.error = { name: (err as Error).name, message: (err as Error).message };
  }
  out.records = await readRecords();
  out.requests = server.model.responseRequests.map((r) => ({ body: r.body }));
  await server.close();
  await rm(home, { recursive: true, force: true });
  await rm(workDir, { recursive: true, force: true });
  return out;
}

const both = async <T>(
  steps: ScriptStep[],
  fn: (codex: AnyCodex, workDir: string) => Promise<T>,
  extra: { config?: Record<string, unknown>; configOverrides?: string[] } = {},
) => ({
  official: await runWith("official", steps, fn, extra),
  ours: await runWith("ours", steps, fn, extra),
});

/** argv with flag order, the --json alias and per-run paths normalised away. */
const cleaner = (o: Outcome<unknown>) => (s: string) =>
  s.split(o.workDir).join("<work>").split(o.home).join("<home>").replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>");

function normalize(argv: string[], o: Outcome<unknown>): { configs: string[]; flags: string[]; tail: string[] } {
  const out = { configs: [] as string[], flags: [] as string[], tail: [] as string[] };
  const bare = new Set(["--json", "--experimental-json", "--skip-git-repo-check"]);
  const clean = cleaner(o);
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "resume") {
      out.tail = argv.slice(i).map((x, j) => (j === 1 ? "<id>" : clean(x)));
      break;
    }
    if (a === "--config") out.configs.push(clean(argv[++i]!));
    else if (a === "--experimental-json") out.flags.push("--json");
    else if (bare.has(a)) out.flags.push(a);
    else if (a === "--output-schema") {
      out.flags.push(`${a} <schema>`);
      i++;
    }
    else out.flags.push(`${a} ${clean(argv[++i]!)}`);
  }
  out.flags = out.flags.filter(Boolean).sort();
  out.configs.sort();
  return out;
}

function expectSameLaunches(o: { official: Outcome<unknown>; ours: Outcome<unknown> }) {
  expect(o.ours.records.length).toBe(o.official.records.length);
  o.official.records.forEach((theirs, i) => {
    const ours = o.ours.records[i]!;
    expect(normalize(ours.argv, o.ours)).toEqual(normalize(theirs.argv, o.official));
    // on purpose: codex reports which SDK sent the request
    expect(theirs.env.CODEX_INTERNAL_ORIGINATOR_OVERRIDE).toBe("codex_sdk_ts");
    expect(ours.env.CODEX_INTERNAL_ORIGINATOR_OVERRIDE).toBe("codexkit_sdk_ts");
    const rest = (env: Record<string, string>, outcome: Outcome<unknown>) =>
      Object.fromEntries(
        Object.entries({ ...env, CODEX_INTERNAL_ORIGINATOR_OVERRIDE: "" }).map(([k, v]) => [k, cleaner(outcome)(v)]),
      );
    expect(rest(ours.env, o.ours)).toEqual(rest(theirs.env, o.official));
  });
}

/** The parts of a Turn both packages define. */
const turnShape = (t: { items: unknown[]; finalResponse: string; usage: unknown }) => ({
  items: t.items,
  finalResponse: t.finalResponse,
  usage: t.usage,
});

const THREAD = { skipGitRepoCheck: true } as const;

// The official package is a Node package (child_process, readline): the comparison runs where its users run it.
describe.runIf(runtime === "node")("side by side with @openai/codex-sdk 0.163 (same call sites, the real codex)", () => {
  it("thread options and config shapes: same argv, env and Turn", async () => {
    const o = await both([reply("hello", { usage: { input_tokens: 1200, output_tokens: 30 } })], async (codex, workDir) => {
      const thread = codex.startThread({
        ...THREAD,
        workingDirectory: workDir,
        sandboxMode: "workspace-write",
        modelReasoningEffort: "high",
        networkAccessEnabled: true,
        webSearchMode: "cached",
        approvalPolicy: "on-request",
        additionalDirectories: [workDir],
      });
      return turnShape(await thread.run("hi"));
    });
    expect(o.official.error).toBeUndefined();
    expect(o.ours.error).toBeUndefined();
    expectSameLaunches(o);
    expect(o.ours.value).toEqual(o.official.value);
  }, 120_000);

  it("nested, array and dotted config keys: the same --config pairs", async () => {
    const config = { "analytics.enabled": false, tui: { notifications: false }, project_root_markers: [".git", "x"] };
    const o = await both([reply("ok")], async (codex) => turnShape(await codex.startThread(THREAD).run("hi")), {
      config,
      configOverrides: ["hide_agent_reasoning=true"],
    });
    expect(o.ours.error).toBeUndefined();
    expectSameLaunches(o);
    expect(o.ours.records[0]!.argv).toContain("analytics.enabled=false");
  }, 120_000);

  it("images, resume by id and usage: same argv; ours reports the resumed turn's own usage on purpose", async () => {
    const steps = [
      reply("first", { usage: { input_tokens: 1200, output_tokens: 1 } }),
      reply("second", { usage: { input_tokens: 1300, output_tokens: 1 } }),
    ];
    const o = await both(steps, async (codex, workDir) => {
      const image = join(workDir, "pixel.png");
      await writeFile(image, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      const thread = codex.startThread(THREAD);
      const first = await thread.run([{ type: "text", text: "look" }, { type: "local_image", path: image }]);
      const resumed = codex.resumeThread(thread.id!, THREAD);
      const second = await resumed.run("again");
      return {
        first: turnShape(first),
        second: turnShape(second),
        cumulative: (second as { cumulativeUsage?: unknown }).cumulativeUsage ?? second.usage,
        sameId: resumed.id === thread.id,
      };
    });
    expect(o.official.error).toBeUndefined();
    expect(o.ours.error).toBeUndefined();
    expectSameLaunches(o);
    expect(o.official.records[0]!.argv).toContain("--image");
    expect(o.official.records[1]!.argv).toContain("resume");
    const [theirs, ours] = [o.official.value!, o.ours.value!];
    expect(ours.first).toEqual(theirs.first);
    expect(ours.second.items).toEqual(theirs.second.items);
    expect(ours.sameId && theirs.sameId).toBe(true);
    // codex reports the thread's running total; the official SDK passes it on, ours reports the turn's own usage
    expect(ours.cumulative).toEqual(theirs.second.usage);
    expect(theirs.second.usage).toMatchObject({ input_tokens: 2500 });
    expect(ours.second.usage).toMatchObject({ input_tokens: 1300 });
  }, 180_000);

  it("output schema: same --output-schema contents, and the temp file is gone when run() resolves", async () => {
    const schema = { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"], additionalProperties: false };
    const seen: Record<Pkg, { path: string; existedDuring: boolean; existsAfter: boolean }> = {} as never;
    for (const pkg of ["official", "ours"] as const) {
      const out = await runWith(pkg, [reply('{"ok":true}')], async (codex) => {
        const turn = await codex.startThread(THREAD).run("json", { outputSchema: schema });
        const [rec] = await readRecords();
        const path = rec!.argv[rec!.argv.indexOf("--output-schema") + 1]!;
        seen[pkg] = { path, existedDuring: true, existsAfter: existsSync(path) };
        return turnShape(turn);
      }, {});
      expect(out.error).toBeUndefined();
      expect(out.value!.finalResponse).toBe('{"ok":true}');
      expect((out.requests[0]!.body as { text?: { format?: { schema?: unknown } } }).text?.format?.schema)
        .toEqual(schema);
    }
    expect(seen.ours.existsAfter).toBe(false);
    expect(seen.official.existsAfter).toBe(false);
  }, 120_000);

  it("abort before the turn: both reject with name AbortError and start nothing", async () => {
    const o = await both([reply("never")], async (codex) => {
      const ac = new AbortController();
      ac.abort();
      return turnShape(await codex.startThread(THREAD).run("hi", { signal: ac.signal }));
    });
    expect(o.official.error?.name).toBe("AbortError");
    expect(o.ours.error?.name).toBe("AbortError");
    expect(o.ours.records).toHaveLength(0);
  }, 120_000);

  it("abort during the turn: both reject with name AbortError", async () => {
    const o = await both([{ hang: true }], async (codex) => {
      const ac = new AbortController();
      const { events } = await codex.startThread(THREAD).runStreamed("hi", { signal: ac.signal });
      for await (const e of events) if (e.type === "turn.started") setTimeout(() => ac.abort(), 300);
      return null;
    });
    expect(o.official.error?.name).toBe("AbortError");
    expect(o.ours.error?.name).toBe("AbortError");
    expectSameLaunches(o);
  }, 120_000);

  it("a failing codex: both errors start with \"Codex Exec exited with code 1\"", async () => {
    const o = await both([reply("never")], async (codex) => turnShape(await codex.startThread(THREAD).run("hi")), {
      configOverrides: ["model_provider=\"no-such-provider\""],
    });
    expect(o.official.error?.message).toMatch(/^Codex Exec exited with code 1/);
    expect(o.ours.error?.message).toMatch(/^Codex Exec exited with code 1/);
    expect(o.ours.error?.name).toBe("CodexCLIError"); // ours is typed; the official one is a plain Error
    expect(o.official.error?.name).toBe("Error");
    expectSameLaunches(o);
  }, 120_000);
});
