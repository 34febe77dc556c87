// The README's first command: one real codex turn, streamed. Offline against the scripted model unless an API key
// is set. Run: npm run demo   (or: npx tsx examples/demo.ts --mock)
import { Codex } from "@codexkit/sdk";
import { reply, runCommand } from "@codexkit/sdk/testing";
import { setupExample } from "./_shared/setup.ts";

const setup = await setupExample([
  runCommand("ls -la && echo 'codex ran this command'"),
  reply("I listed the working directory: it is a fresh, empty scratch folder.", { stream: true }),
]);
console.log(setup.mock ? "» offline: codex is talking to the scripted model\n" : "» live: codex is talking to OpenAI\n");

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
      case "item.completed": {
        const item = event.item;
        const detail = item.type === "command_execution"
          ? `${item.command}${item.exit_code != null ? ` → exit ${item.exit_code}` : ""}`
          : item.type === "agent_message" || item.type === "reasoning"
          ? item.text
          : item.type === "error"
          ? item.message
          : "";
        console.log(`${event.type.padEnd(16)} ${item.type}: ${detail.split("\n")[0]}`);
        if (item.type === "agent_message") finalResponse = item.text;
        break;
      }
      case "turn.completed":
        console.log(`turn.completed    usage: ${JSON.stringify(event.turn_usage ?? event.usage)}`);
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
