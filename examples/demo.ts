// The README's first command: one real codex turn, streamed. Offline against the scripted model unless an API key
// is set. Run: npm run demo   (or: npx tsx examples/demo.ts --mock)
import { Codex } from "@codexkit/sdk";
import { reply, runCommand } from "@codexkit/sdk/testing";
import { describeItem, formatUsage } from "./_shared/format.js";
import { setupExample } from "./_shared/setup.js";

const setup = await setupExample([
  runCommand("ls -la && echo 'codex ran this command'"),
  reply("I listed the working directory: it is a fresh, empty scratch folder.", { stream: true }),
]);

try {
  const codex = new Codex(setup.codexOptions);
  const thread = codex.startThread({ workingDirectory: setup.workDir, skipGitRepoCheck: true });
  const { events } = await thread.runStreamed("List the files in the working directory and tell me what you see.");
  let finalResponse = "";
  for await (const event of events) {
    switch (event.type) {
      case "thread.started":
        console.log(`thread.started   ${event.thread_id}`);
        break;
      case "item.started":
      case "item.completed":
        console.log(`${event.type.padEnd(16)} ${describeItem(event.item).split("\n")[0]}`);
        if (event.item.type === "agent_message") finalResponse = event.item.text;
        break;
      case "turn.completed":
        console.log(`turn.completed   usage: ${formatUsage(event.turn_usage ?? event.usage)}`);
        break;
      case "turn.failed":
        console.log(`turn.failed      ${event.error.message}`);
        break;
      default:
        console.log(event.type);
    }
  }
  console.log(`\nfinal response: ${finalResponse}`);
} finally {
  await setup.close();
}
