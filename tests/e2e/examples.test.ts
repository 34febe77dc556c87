// Every example, run as a user runs it — its own process, `tsx examples/<name>.ts --mock`, with no API key in the
// environment — against the real codex and the scripted model. Each must exit 0 and print the line that shows it
// did its job, so a broken example fails here. A new example without an entry below fails the coverage test.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { codexEnv } from "../helpers/runtime.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

// What each example must print offline (its scripted model makes these deterministic).
const EXPECTED: Record<string, Array<string | RegExp>> = {
  "demo": ["final response: I listed the working directory: it is a fresh, empty scratch folder."],
  "deno": ["hello from Deno.Command", "final response: Ran it natively on Deno."],
  "bun": ["hello from Bun.spawn", "final response: Ran it natively on Bun."],
  "first-program": [/answer: This machine runs Node v\d+/, "resumed the same thread: You asked which Node version runs here."],
  "basic-usage": ["final response: The file says: Hello from the codexkit examples", "final response: It has 5 words."],
  "streaming": ["item.completed    agent_message: There are 3 files here.", /stopped early after \d+ ms/],
  "structured-output-json-schema": ["largest: data.csv", "verdict: tidy"],
  "structured-output-valibot": ["status: red — 12 passed, 1 failed", "rejected an invalid response"],
  "thread-resume": ["The codeword is periwinkle.", "(the same thread)"],
  "permission-levels": [
    /read-only\s+inside the workspace: ✗ blocked\s+outside: ✗ blocked/,
    /workspace-write\s+inside the workspace: ✓ written\s+outside: ✗ blocked/,
    /danger-full-access\s+inside the workspace: ✓ written\s+outside: ✓ written/,
    /never\s+not asked .*outside: ✗ blocked/,
    /on-request\s+asked our callback → accepted\s+outside: ✓ written/,
  ],
  "model-configuration": [/effort high\s+→ I am [\w.-]+, thinking with effort "high"\./],
  "config-overrides": ["FROM_CONFIG=yes FROM_OVERRIDES=yes FROM_THREAD=yes WINNER=thread"],
  "hooks-streaming": ["✓ command   /bin/bash -lc 'ls -a' → exit 0", "TODO.md on disk: - write more examples"],
  "notify-hook": ["notify ran 3 times:", "client=codex_exec", "client=codexkit_sdk_ts"],
  "app-server-basic": [/streaming This machine runs Node v\d+/, "turn completed: 3 items"],
  "app-server-fork": ["original: Your favourite colour is blue.", "fork:     Your favourite colour is green."],
  "app-server-requirements": [/model_verbosity\s+= "high"\s+from project /, "ignored: To load project-local config"],
  "app-server-skill-input": [/user\s+haiku/, "Types guard the river"],
  "app-server-approvals": [
    /command declined\s+\/bin\/bash -lc 'rm notes.txt'/,
    "✓ exists  notes.txt",
    ": interrupted;",
  ],
  "app-server-turn-session": ["→ status interrupted", "turn 3 › completed: Still here"],
  "app-server-backend": ["call it Lumen.", "same app-server process"],
  "memory-transport": ["all MemoryTransport tests passed"],
  "ai-sdk-model": ["codex ran: /bin/bash -lc 'ls -1' (exec_command, provider-executed)", "answer: The last file listed is report.md.", "your tool ran: owner_of(report.md)", "answer: report.md belongs to Ada.", "steps: tool-calls → stop"],
  "ai-sdk-tool": [/progress: working/, "handoff result: I wrote haiku.txt.", "answer: Done: codex wrote haiku.txt.", "haiku.txt on disk: green bar at midnight"],
  "otel": ["answer: data.csv has 3 lines.", /invoke_agent codex \(\d+ ms\) gen_ai\.conversation\.id=[0-9a-f-]{36}/, /  └ execute_tool exec_command \(\d+ ms\) gen_ai\.tool\.name=exec_command/],
};

interface Run {
  code: number | null;
  signal: string | null;
  output: string;
}

function runExample(name: string): Promise<Run> {
  const env = { ...codexEnv }; // an empty HOME for codex's login shells (see codexEnv)
  delete env.CODEX_API_KEY; // offline even on a machine that has a key
  delete env.OPENAI_API_KEY;
  return new Promise((resolve, reject) => {
    // The Deno and Bun examples run on their own runtime; every other example is a Node program.
    const [command, args] = name === "deno"
      ? [`${root}node_modules/.bin/deno`, ["run", "-A", "examples/deno.ts"]]
      : name === "bun"
      ? [`${root}node_modules/.bin/bun`, ["examples/bun.ts"]]
      : [`${root}node_modules/.bin/tsx`, [`examples/${name}.ts`, "--mock"]];
    const child = spawn(command, args, {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, output }));
  });
}

// Two examples at a time: each starts codex processes of its own, and the machine may have two cores.
function limit(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
const slot = limit(2);

// The examples are Node programs (run with tsx); the Deno and Bun passes of the suite would only repeat this.
const onNode = !("Deno" in globalThis) && !("Bun" in globalThis);

describe.runIf(onNode)("examples", () => {
  it("every example in examples/ is run here", () => {
    const files = readdirSync(`${root}examples`).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3));
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.concurrent("run offline with --mock", () => {
    for (const [name, expected] of Object.entries(EXPECTED)) {
      it(name, async () => {
        const run = await slot(() => runExample(name));
        expect(run, run.output).toMatchObject({ code: 0, signal: null });
        for (const line of expected) {
          if (typeof line === "string") expect(run.output, run.output).toContain(line);
          else expect(run.output, run.output).toMatch(line);
        }
      }, 120_000);
    }
  });
});
