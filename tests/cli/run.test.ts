// `codexkit run` as a person and a script use it: the built command (dist/cli.mjs) against the real codex and the
// scripted model — plain lines and --json without a terminal, and the live view in a real terminal (tmux:
// new-session, capture-pane, send-keys C-c). The command is the same program on every runtime; it runs on Node here.
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { flattenConfig, type ThreadEvent } from "@codexkit/sdk";
import {
  inputImageUrls,
  reply,
  runCommand,
  type ScriptedModelServer,
  type ScriptStep,
  startScriptedModel,
} from "@codexkit/sdk/testing";
import { runtime } from "../helpers/runtime.ts";
import { startHost, type TestHost, TOKEN } from "../host/helpers.ts";

// A real 1×1 PNG
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

const root = join(import.meta.dirname, "..", "..");
const cli = join(root, "dist", "cli.mjs");

interface Setup {
  server: ScriptedModelServer;
  home: string;
  work: string;
  args: string[];
}
let s: Setup | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await s?.server.close();
  if (s) { for (const dir of [s.home, s.work]) await rm(dir, { recursive: true, force: true }); }
  s = undefined;
});

async function setup(steps: ScriptStep[]): Promise<Setup> {
  const server = await startScriptedModel(steps);
  const home = await mkdtemp(join(tmpdir(), "codexkit-run-home-"));
  const work = await mkdtemp(join(tmpdir(), "codexkit-run-work-"));
  const args = ["--skip-git-repo-check", "--cd", work, ...flattenConfig(server.config).flatMap((kv) => ["-c", kv])];
  s = { server, home, work, args };
  return s;
}

function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("node", [cli, "run", ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// codex processes whose command line names the test's work dir (`codex exec … --cd <work>`); the tmux shell that
// started `codexkit run` names it too, but it is not a codex binary
const codexLeft = (work: string) => {
  try {
    return execFileSync("pgrep", ["-f", `/codex exec .*${work}`], { encoding: "utf8" }).trim();
  } catch {
    return ""; // pgrep exits 1 when nothing matches
  }
};

describe.runIf(runtime === "node")("codexkit run", () => {
  it("--json prints the turn's events as JSON lines, and nothing else on stdout", async () => {
    const { home, args } = await setup([reply("json answer")]);
    const { code, stdout } = await runCli(["--json", ...args, "say it"], { CODEX_HOME: home });
    expect(code).toBe(0);
    const events = stdout.trim().split("\n").map((l) => JSON.parse(l) as ThreadEvent);
    expect(events[0]!.type).toBe("thread.started");
    expect(events.at(-1)!.type).toBe("turn.completed");
    expect(events).toContainEqual(
      expect.objectContaining({ type: "item.completed", item: expect.objectContaining({ text: "json answer" }) }),
    );
  });

  it("prints plain lines without a terminal: the answer and a summary with tokens and thread id", async () => {
    const { home, args } = await setup([reply("plain answer", { usage: { input_tokens: 1234, output_tokens: 56 } })]);
    const { code, stdout } = await runCli([...args, "say it"], { CODEX_HOME: home });
    expect(code).toBe(0);
    expect(stdout).toContain("plain answer");
    expect(stdout).toMatch(/✓ Done in [\d.]+ s · 1,234 in \/ 56 out tokens · thread [0-9a-f-]{36}/);
    expect(stdout).not.toContain("\u001b["); // no escape codes off a terminal
  });

  it("rejects a bad command line with exit 2 and starts nothing", async () => {
    const { home, args, server } = await setup([reply("never")]);
    for (
      const bad of [["--backend", "nope", "x"], ["--approve", "ask", "x"], ["--resume", "a", "--last", "x"], [...args]]
    ) {
      const { code, stderr } = await runCli(bad, { CODEX_HOME: home });
      expect(code).toBe(2);
      expect(stderr).toMatch(/^codexkit: (Invalid|Cannot|Missing)/);
    }
    expect(server.requests).toHaveLength(0);
  });

  describe("in a terminal (tmux)", () => {
    const socket = `codexkit-test-${process.pid}`;
    const tmux = (...a: string[]) => execFileSync("tmux", ["-L", socket, ...a], { encoding: "utf8" });
    const screen = () => tmux("capture-pane", "-p", "-t", "run");
    const start = (home: string, args: string[]) => {
      const quoted = args.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
      // CI=true (as on CI) makes terminal libraries draw nothing live: a person's terminal has no CI variable
      const command = `env -u CI CODEX_HOME='${home}' node '${cli}' run ${quoted}; echo EXIT=$?; sleep 60`;
      tmux("new-session", "-d", "-s", "run", "-x", "110", "-y", "30", command);
      cleanups.push(() => void tmux("kill-server"));
    };

    it("needs tmux (CI installs it)", () => {
      expect(() => execFileSync("tmux", ["-V"])).not.toThrow();
    });

    it("shows a live view: spinner while codex works, commands with exit codes, the answer, a summary", async () => {
      const { home, args } = await setup([
        runCommand("sleep 0.5; echo shown-in-tmux"),
        {
          output: [{ type: "message", text: "Checked the terminal.\nEverything renders.", stream: true }],
          delayMs: 1500,
        },
      ]);
      start(home, [...args, "check the terminal"]);
      // the spinner line is there while codex waits on the model
      await expect.poll(screen, { timeout: 60_000, interval: 100 }).toMatch(
        /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] (Starting codex|Thinking|Running)/,
      );
      await expect.poll(screen, { timeout: 120_000, interval: 250 }).toContain("EXIT=0");
      const text = screen();
      expect(text).toContain("codexkit run · exec ·");
      expect(text).toContain("Checked the terminal.\nEverything renders.");
      expect(text).toMatch(/✔ Done in [\d.]+ s · [\d,]+ in \/ [\d,]+ out tokens · thread [0-9a-f-]{36}/);
      // the spinner is gone once the turn ended
      expect(text).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] /);
    });

    it("Ctrl-C interrupts the turn, exits 130 and leaves no codex running", async () => {
      const { home, work, args, server } = await setup([{ hang: true }]);
      start(home, [...args, "wait for ever"]);
      await expect.poll(() => server.model.responseRequests.length, { timeout: 60_000 }).toBe(1);
      expect(codexLeft(work)).not.toBe(""); // codex is running now (its --cd names the work dir)
      tmux("send-keys", "-t", "run", "C-c");
      await expect.poll(screen, { timeout: 30_000, interval: 100 }).toContain("EXIT=130");
      expect(screen()).toMatch(/✖ Interrupted in [\d.]+ s/);
      expect(codexLeft(work)).toBe("");
    });
  });

  describe("--remote: the turn runs on a codex host", () => {
    let host: TestHost | undefined;
    afterEach(async () => {
      await host?.close();
      host = undefined;
    });

    it("runs the turn on the host with the token from --token-file, uploading --image files as bytes", async () => {
      host = await startHost({ steps: [reply("A pixel, remotely.")] });
      const dir = await mkdtemp(join(tmpdir(), "codexkit-run-remote-"));
      cleanups.push(() => void rm(dir, { recursive: true, force: true }));
      const tokenFile = join(dir, "token");
      await writeFile(tokenFile, `${TOKEN}\n`);
      const picture = join(dir, "pixel.png");
      await writeFile(picture, PNG);
      const { code, stdout, stderr } = await runCli(
        ["--remote", host.url, "--token-file", tokenFile, "--json", "--skip-git-repo-check", "--image", picture, "Describe it"],
        {},
      );
      expect(stderr).toBe("");
      expect(code).toBe(0);
      const events = stdout.trim().split("\n").map((l) => JSON.parse(l) as ThreadEvent);
      expect(events.at(-1)?.type).toBe("turn.completed");
      expect(events.some((e) => e.type === "item.completed" && e.item.type === "agent_message" && e.item.text === "A pixel, remotely."))
        .toBe(true);
      // the host ran codex in its own root, with the image in a temp file of its own, not the client's path
      expect(host.transport.specs).toHaveLength(1);
      const spec = host.transport.specs[0]! as { options: { workingDirectory?: string }; images?: string[] };
      expect(spec.options.workingDirectory).toBe(host.root);
      expect(spec.images).toHaveLength(1);
      expect(spec.images![0]).not.toBe(picture);
      expect(inputImageUrls(host.model.model.responseRequests[0]!)).toEqual([`data:image/png;base64,${PNG.toString("base64")}`]);
    });

    it("refuses, with exit 2 and nothing started: no token, -c, a non-image file, --token-file alone", async () => {
      host = await startHost({ steps: [reply("never")] });
      const env = { CODEXKIT_HOST_TOKEN: "" };
      const cases: Array<[string[], RegExp]> = [
        [["--remote", host.url, "hi"], /Missing the host token/],
        [["--remote", host.url, "-c", "model=x", "hi"], /Cannot use -c with --remote/],
        [["--remote", host.url, "--image", "notes.txt", "hi"], /Invalid --image notes\.txt/],
        [["--token-file", "t", "hi"], /Cannot use --token-file without --remote/],
      ];
      for (const [args, message] of cases) {
        const { code, stderr } = await runCli(args, env);
        expect(code, args.join(" ")).toBe(2);
        expect(stderr).toMatch(message);
      }
      expect(host.transport.specs).toHaveLength(0);
      expect(host.logs.filter((l) => l.event === "connected")).toHaveLength(0);
    });
  });
});
