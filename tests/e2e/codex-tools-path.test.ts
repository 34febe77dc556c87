// The @openai/codex platform package ships tools next to the binary (rg, in vendor/<triple>/codex-path). As
// @openai/codex-sdk does, the process transports put that directory first on the PATH of a codex they resolved from
// the package — exec and app-server, on Node, Deno and Bun (this suite runs on each) — and leave PATH alone for a
// binary named explicitly. Checked in the running codex's own environment (/proc/<pid>/environ, so Linux only),
// which is what the transport decides, and in a command the scripted model has codex run, which is what users see
// (codex 0.171 also puts the directory on its commands' PATH by itself, so only the environment tests would notice a
// transport that forgot it; the command tests hold for codex versions that rely on the SDK).
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join, normalize } from "node:path";
import process from "node:process";
import { afterEach, describe, expect, it } from "vitest";
import { type Channel, codexBinaryLayout, type LaunchOptions } from "@codexkit/sdk";
import { reply, runCommand } from "@codexkit/sdk/testing";
import { codexPath } from "../helpers/codex-under-test.ts";
import { type Harness, harness } from "../helpers/harness.ts";
import { eventually } from "../helpers/process-state.ts";
import { codexEnv, nativeTransport } from "../helpers/runtime.ts";

// The tools directory of the package the codex under test comes from (null for a codex outside the package layout).
const toolsDir = ((): string | null => {
  const layout = codexBinaryLayout(process.platform, process.arch);
  const i = layout?.relativePaths.findIndex((rel) => codexPath.endsWith(normalize(rel))) ?? -1;
  if (!layout || i < 0) return null;
  return join(codexPath.slice(0, -normalize(layout.relativePaths[i]!).length), layout.toolsDirs[i]!);
})();
// CODEX_PATH (the version matrix) names a binary explicitly: then, as for codexPathOverride, PATH stays as it is.
const fromPackage = !process.env.CODEX_PATH && toolsDir !== null;
const procfs = existsSync("/proc/self/environ");
const rg = process.platform === "win32" ? "rg.exe" : "rg";

const entries = (path: string | undefined) => (path ?? "").split(delimiter).filter(Boolean);

function environOf(pid: number): Record<string, string> {
  const pairs = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
  return Object.fromEntries(pairs.map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
}

let channel: Channel | undefined;
let home: string | undefined;
let h: Harness | undefined;
afterEach(async () => {
  channel?.kill();
  await channel?.exited;
  await h?.dispose();
  if (home) await rm(home, { recursive: true, force: true });
  channel = home = h = undefined;
});

/** Starts codex in `mode` through this runtime's transport and returns the PATH it was started with. */
async function startedPath(mode: "exec" | "app-server", options: LaunchOptions = {}): Promise<string | undefined> {
  home = await mkdtemp(join(tmpdir(), "codexkit-tools-home-"));
  const transport = await nativeTransport({ killGraceMs: 500 });
  channel = await transport.open({ mode, options: { codexHome: home, skipGitRepoCheck: true, ...options } });
  // exec waits for its prompt on stdin and the app-server for requests: both are alive until killed. Bun.spawn may
  // return before the child has exec'd codex, so wait for codex's own environment (it has our CODEX_HOME).
  const pid = channel.pid!;
  expect(await eventually(() => environOf(pid).CODEX_HOME === home)).toBe(true);
  return environOf(pid).PATH;
}

describe.skipIf(!fromPackage)("the codex package's tools directory on codex's PATH", () => {
  it("is where the pinned @openai/codex keeps rg", () => {
    expect(existsSync(join(toolsDir!, rg))).toBe(true);
  });

  describe.skipIf(!procfs)("in the environment codex starts with", () => {
    for (const mode of ["exec", "app-server"] as const) {
      it(`${mode}: first, exactly once, before the inherited PATH`, async () => {
        const path = await startedPath(mode);
        expect(entries(path)[0]).toBe(toolsDir);
        expect(entries(path).filter((e) => e === toolsDir)).toHaveLength(1);
        expect(entries(path).slice(1)).toEqual(entries(codexEnv.PATH).filter((e) => e !== toolsDir));
      });
    }

    it("in front of the PATH of `env` when given, and alone when `env` has none", async () => {
      expect(await startedPath("app-server", { env: { PATH: `/opt/custom/bin${delimiter}${toolsDir}` } }))
        .toBe(`${toolsDir}${delimiter}/opt/custom/bin`);
      channel!.kill();
      await channel!.exited;
      await rm(home!, { recursive: true, force: true });
      expect(await startedPath("exec", { env: { LANG: "C" } })).toBe(toolsDir);
    });

    it("not for a binary named explicitly (codexPathOverride), as @openai/codex-sdk", async () => {
      expect(await startedPath("app-server", { codexPathOverride: codexPath })).toBe(codexEnv.PATH);
    });
  });

  for (const backend of ["exec", "app-server"] as const) {
    it(`${backend} backend: a command the model runs finds the bundled rg`, async () => {
      // login: false keeps the login shell's profile from rebuilding PATH
      h = await harness([runCommand(`command -v ${rg}; echo "$PATH"`, { login: false }), reply("found it")], {
        backend,
      });
      const turn = await h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir }).run("find rg");
      const command = turn.items.find((i) => i.type === "command_execution");
      const [found, path] = (command as { aggregated_output: string }).aggregated_output.trim().split("\n");
      expect(found).toBe(join(toolsDir!, rg));
      expect(entries(path).filter((e) => e === toolsDir)).toHaveLength(1);
    });
  }
});
