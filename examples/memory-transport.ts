// Testing your own code with MemoryTransport (`@codexkit/sdk/memory`): a script plays codex, so code built on the
// SDK runs in unit tests with no binary, no model and no network, and each test decides exactly what "codex" says
// — including failures that are hard to provoke for real. The script sees what the SDK asked for (the LaunchSpec:
// mode, options, resume id) and the prompt on stdin, and answers with codex's JSONL events.
// For end-to-end tests with the real codex, use `startScriptedModel` from `@codexkit/sdk/testing` (as the other
// examples do).
//
// Run:  npx tsx examples/memory-transport.ts     (always offline: no codex runs, --mock makes no difference)
import assert from "node:assert/strict";
import { Codex, isCodexCLIError, isTurnFailedError } from "@codexkit/sdk";
import { type MemoryProcess, MemoryTransport } from "@codexkit/sdk/memory";

// ── the code under test: a small feature built on the SDK ────────────────────────────────────────────────────────
interface TestRun {
  passed: boolean;
  commands: string[];
  summary: string;
}

async function runProjectTests(codex: Codex, dir: string): Promise<TestRun> {
  const thread = codex.startThread({ workingDirectory: dir, sandboxMode: "workspace-write", skipGitRepoCheck: true });
  const turn = await thread.run("Run the project's tests and summarise the result in one line.");
  const commands = turn.commands();
  return {
    passed: commands.length > 0 && commands.every((c) => c.exit_code === 0),
    commands: commands.map((c) => c.command),
    summary: turn.finalResponse,
  };
}

// ── scripts that play codex ──────────────────────────────────────────────────────────────────────────────────────
const usage = { input_tokens: 120, cached_input_tokens: 0, output_tokens: 14 };

function codexRanTests(exitCode: number) {
  return async (proc: MemoryProcess) => {
    const prompt = await proc.stdinClosed; // codex exec reads the prompt from stdin until EOF
    assert.match(prompt, /Run the project's tests/);
    proc.line({ type: "thread.started", thread_id: "thread-1" });
    proc.line({ type: "turn.started" });
    const item = {
      id: "c1",
      type: "command_execution",
      command: "npm test",
      aggregated_output: "",
      status: "in_progress",
    };
    proc.line({ type: "item.started", item });
    proc.line({
      type: "item.completed",
      item: { ...item, exit_code: exitCode, status: exitCode ? "failed" : "completed" },
    });
    proc.line({
      type: "item.completed",
      item: { id: "m1", type: "agent_message", text: exitCode ? "2 tests failed." : "All 14 tests pass." },
    });
    proc.line({ type: "turn.completed", usage });
  };
}

// ── the tests ─────────────────────────────────────────────────────────────────────────────────────────────────────
async function test(name: string, body: () => Promise<void>): Promise<void> {
  await body();
  console.log(`✓ ${name}`);
}

console.log("» MemoryTransport: no codex process, no model — a script plays codex\n");

await test("reports passing tests and asks codex for the right sandbox and directory", async () => {
  const transport = new MemoryTransport(codexRanTests(0));
  const result = await runProjectTests(new Codex({ transport }), "/repo");
  assert.deepEqual(result, { passed: true, commands: ["npm test"], summary: "All 14 tests pass." });
  const spec = transport.launches[0]!; // what the SDK asked to launch
  assert.equal(spec.mode, "exec");
  assert.equal(spec.options.sandboxMode, "workspace-write");
  assert.equal(spec.options.workingDirectory, "/repo");
});

await test("reports failing tests", async () => {
  const result = await runProjectTests(new Codex({ transport: new MemoryTransport(codexRanTests(1)) }), "/repo");
  assert.equal(result.passed, false);
  assert.equal(result.summary, "2 tests failed.");
});

await test("surfaces a codex crash as CodexCLIError with its stderr", async () => {
  const crash = MemoryTransport.fromLines([], { exitCode: 1, stderr: "Error: not logged in\n" });
  const err = await runProjectTests(new Codex({ transport: crash }), "/repo").catch((e: unknown) => e);
  assert.ok(isCodexCLIError(err));
  assert.equal(err.exitCode, 1);
  assert.match(err.stderrTail, /not logged in/);
});

await test("surfaces turn.failed as TurnFailedError", async () => {
  const failing = MemoryTransport.fromLines([
    { type: "thread.started", thread_id: "thread-2" },
    { type: "turn.started" },
    { type: "turn.failed", error: { message: "rate limit reached" } },
  ], { exitCode: 1 });
  const err = await runProjectTests(new Codex({ transport: failing }), "/repo").catch((e: unknown) => e);
  assert.ok(isTurnFailedError(err));
  assert.match(err.message, /rate limit reached/);
});

await test("resumes the same thread on the next turn", async () => {
  const transport = new MemoryTransport(codexRanTests(0));
  const thread = new Codex({ transport }).startThread({ skipGitRepoCheck: true });
  await thread.run("Run the project's tests");
  await thread.run("Run the project's tests again");
  const second = transport.launches[1]!;
  assert.equal(second.mode === "exec" && second.resume, "thread-1"); // codex exec resume thread-1
});

console.log("\nall MemoryTransport tests passed");
