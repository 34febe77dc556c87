// Basic usage: start a thread, run two turns in one conversation, and read each turn's final response, items and
// token usage (this turn's own, and the thread's running total).
//
// Run:  npx tsx examples/basic-usage.ts --mock                  offline: real codex, scripted model on 127.0.0.1
//       CODEX_API_KEY=sk-... npx tsx examples/basic-usage.ts    live: real codex talking to OpenAI
// Without an API key the example runs offline anyway.
import { Codex, type Turn } from "@codexkit/sdk";
import { lastOutputLine, reply, runCommand, toolOutputs } from "@codexkit/sdk/testing";
import { describeItem, formatUsage } from "./_shared/format.js";
import { setupExample } from "./_shared/setup.js";

// Offline, the scripted model plays the agent: it asks codex to run `cat`, then answers from the real output; the
// second turn answers from the history codex sends back (the first turn's command output is in it).
const setup = await setupExample([
  runCommand("cat greeting.txt"),
  (request) => reply(`The file says: ${lastOutputLine(request)}`, { usage: { input_tokens: 1200, output_tokens: 40 } }),
  (request) => {
    const words = (toolOutputs(request)[0] ?? "").trim().split("\n").at(-1)!.split(/\s+/).length;
    return reply(`It has ${words} words.`, { usage: { input_tokens: 1500, output_tokens: 12 } });
  },
], { files: { "greeting.txt": "Hello from the codexkit examples\n" } });

function show(label: string, turn: Turn): void {
  console.log(`── ${label}`);
  for (const item of turn.items) console.log(`   ${describeItem(item)}`);
  console.log(`   final response: ${turn.finalResponse}`);
  console.log(`   usage: this turn ${formatUsage(turn.usage)}; thread total ${formatUsage(turn.cumulativeUsage)}`);
}

try {
  const codex = new Codex(setup.codexOptions);
  // skipGitRepoCheck: the scratch directory is not a git repository, which codex exec otherwise refuses.
  const thread = codex.startThread({ workingDirectory: setup.workDir, skipGitRepoCheck: true });

  const first = await thread.run("Read greeting.txt in the working directory and tell me what it says.");
  show("turn 1", first);
  console.log(`   thread id: ${thread.id}`);

  const second = await thread.run("How many words does that greeting have?"); // same conversation
  show("turn 2", second);
  console.log(`\ncommands run: ${first.commands().length + second.commands().length}`);
} finally {
  await setup.close();
}
