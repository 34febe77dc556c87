// Approvals on the app-server: with approvalPolicy "untrusted", codex asks before running any command that is not
// known to be safe, and before applying patches; your `approvals` policies answer. A decision is "accept",
// "acceptForSession", "decline" (the turn goes on without the action) or "cancel" (the turn ends, `interrupted`) —
// fixed, or computed by a callback per request. Nobody deciding means decline.
// The turn below: the agent creates a file (accepted), tries to delete notes.txt (declined: the file survives) and
// applies a patch (accepted). A second turn shows "cancel".
// The thread runs with sandbox "danger-full-access" so accepted commands really run on this machine; approvals,
// not the sandbox, are what guard it here.
//
// Run:  npx tsx examples/app-server-approvals.ts --mock                  offline (scripted model, real commands)
//       CODEX_API_KEY=sk-... npx tsx examples/app-server-approvals.ts    live (OpenAI)
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type ApprovalDecision, Codex, unwrapShellCommand } from "@codexkit/sdk";
import { reply, runCommand } from "@codexkit/sdk/testing";
import { setupExample } from "./_shared/setup.js";

const patch = "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: hello.txt\n+hello from a patch\n*** End Patch\nEOF";
const setup = await setupExample([
  runCommand("touch approved.txt"),
  runCommand("rm notes.txt"),
  runCommand(patch),
  reply("Created approved.txt and hello.txt; deleting notes.txt was not allowed."),
  runCommand("rm -rf ./*"), // turn 2: cancelled, so the script needs no answer after it
], { appServer: true, files: { "notes.txt": "keep me\n" } });

// Accept commands that only create or read files, with plain arguments (no `;`, `&&`, pipes or redirections that
// could chain something else); decline anything else.
// codex reports each command as the login shell it runs (`/bin/bash -lc 'touch approved.txt'`): unwrapShellCommand
// gives back the command the agent wrote.
const SAFE = /^(touch|ls|cat|pwd)( [\w./-]+)*$/;
function decideCommand(command: string | null | undefined): ApprovalDecision {
  return SAFE.test(unwrapShellCommand(command)) ? "accept" : "decline";
}

const codex = new Codex(setup.codexOptions);
const client = await codex.connectAppServer();
const mark = (file: string) => `${existsSync(join(setup.workDir, file)) ? "✓ exists " : "✗ missing"} ${file}`;
try {
  // "untrusted" works on the wire (thread/start); as a -c config value codex 0.169 rejects it at startup
  const { thread } = await client.startThread({
    cwd: setup.workDir,
    approvalPolicy: "untrusted",
    sandbox: "danger-full-access",
  });

  const session = await client.turnSession(
    thread.id,
    "Create approved.txt with touch, delete notes.txt, then add hello.txt with a patch.",
    {
      approvals: {
        commandExecution: (request) => {
          const decision = decideCommand(request.command);
          console.log(`command approval: ${request.command} → ${decision}`);
          return decision;
        },
        fileChange: (request) => {
          console.log(`patch approval:   item ${request.itemId} → accept`);
          return "accept";
        },
      },
    },
  );
  const { turn, items } = await session.wait();
  console.log(`\nturn 1 ${turn.status}:`);
  for (const item of items) {
    if (item.type === "commandExecution") console.log(`   command ${item.status.padEnd(9)} ${item.command}`);
    if (item.type === "fileChange") {
      console.log(`   patch   ${item.status.padEnd(9)} ${item.changes.map((c) => c.path).join(", ")}`);
    }
    if (item.type === "agentMessage") console.log(`   agent   ${item.text}`);
  }
  console.log(`files: ${mark("approved.txt")} · ${mark("notes.txt")} · ${mark("hello.txt")}`);

  // "cancel" refuses the action and ends the turn.
  const risky = await client.turnSession(thread.id, "Now delete everything in the directory.", {
    approvals: { commandExecution: "cancel" },
  });
  const second = await risky.wait();
  console.log(`\nturn 2 with commandExecution "cancel": ${second.turn.status}; ${mark("hello.txt")}`);
} finally {
  await client.close();
  await setup.close();
}
