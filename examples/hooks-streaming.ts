// Hooks: `thread.runWithHooks()` streams a turn into callbacks and still returns the completed Turn. Hooks run in
// event order (each is awaited before the next event): every event, item lifecycle (started / updated / completed),
// completed items by type (command_execution, file_change, agent_message, …), turn completion and non-fatal errors.
// Offline, the scripted agent thinks, runs a real command and applies a real patch, so every kind of hook fires.
//
// Run:  npx tsx examples/hooks-streaming.ts --mock                  offline (scripted model)
//       CODEX_API_KEY=sk-... npx tsx examples/hooks-streaming.ts    live (OpenAI)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Codex } from "@codexkit/sdk";
import { reply, runCommand } from "@codexkit/sdk/testing";
import { formatUsage } from "./_shared/format.js";
import { setupExample } from "./_shared/setup.js";

const patch = [
  "apply_patch <<'EOF'",
  "*** Begin Patch",
  "*** Add File: TODO.md",
  "+- write more examples",
  "*** End Patch",
  "EOF",
].join("\n");

const setup = await setupExample([
  {
    output: [
      { type: "reasoning", text: "First check what is there, then add a TODO file." },
      { type: "exec_command", cmd: "ls -a" },
    ],
  },
  runCommand(patch), // codex turns an apply_patch call into a file_change item
  reply("I looked around and created TODO.md.", { stream: true }),
]);

const counts = new Map<string, number>();

try {
  const codex = new Codex(setup.codexOptions);
  const thread = codex.startThread({
    workingDirectory: setup.workDir,
    skipGitRepoCheck: true,
    sandboxMode: "workspace-write",
  });

  const turn = await thread.runWithHooks("Look at the working directory, then add a TODO.md file with one item.", {
    onEvent: (event) => void counts.set(event.type, (counts.get(event.type) ?? 0) + 1),
    onItemStarted: (item) => console.log(`▶ started   ${item.type}`),
    onItem: {
      reasoning: (item) => console.log(`  thinking   ${item.text}`),
      command_execution: (cmd) => console.log(`✓ command   ${cmd.command} → exit ${cmd.exit_code}`),
      file_change: (change) =>
        console.log(`✓ files     ${change.changes.map((c) => `${c.kind} ${c.path}`).join(", ")}`),
      agent_message: (message) => console.log(`✓ answer    ${message.text}`),
      error: (item) => console.log(`! notice    ${item.message}`), // an error *item*: codex kept going
    },
    onTurnCompleted: (event) => console.log(`■ turn done usage ${formatUsage(event.turn_usage ?? event.usage)}`),
    onError: (event) => console.log(`! error     ${event.type === "error" ? event.message : event.error.message}`),
  });

  console.log(`\nevents seen: ${[...counts].map(([type, n]) => `${type}×${n}`).join(", ")}`);
  console.log(`returned turn: ${turn.items.length} items, final response "${turn.finalResponse}"`);
  const todo = turn.fileChanges().length > 0
    ? readFileSync(join(setup.workDir, "TODO.md"), "utf8").trim()
    : "(no file written)";
  console.log(`TODO.md on disk: ${todo}`);
} finally {
  await setup.close();
}
