// The app-server backend: `new Codex({ backend: "app-server" })` keeps the familiar Thread API (run, runStreamed,
// Turn, the same event and item vocabulary) on one long-lived `codex app-server` instead of a process per turn. On
// top you get `item.delta` events (text as it streams), `thread.steer()` to add input to the running turn, and
// approvals. Close the Codex when done (`await codex.close()`, or `await using`): the app-server is a child process.
//
// Run:  npx tsx examples/app-server-backend.ts --mock                  offline (scripted model)
//       CODEX_API_KEY=sk-... npx tsx examples/app-server-backend.ts    live (OpenAI)
import { Codex } from "@codexkit/sdk";
import { lastPrompt, reply } from "@codexkit/sdk/testing";
import { formatUsage } from "./_shared/format.js";
import { setupExample } from "./_shared/setup.js";

const setup = await setupExample([
  // turn 1: the first model response is slow (800 ms), so the steer arrives while codex waits for it; codex then
  // asks the model again with the steered input added to the history, and the scripted answer quotes it
  { output: [{ type: "message", text: "Drafting a name for the project…" }], delayMs: 800 },
  (request) => reply(`Taking your note into account (“${lastPrompt(request)}”): call it Lumen.`, { stream: true }),
  // turn 2: a plain streamed answer
  reply("Lumen: light, short, and easy to say.", { stream: true, usage: { input_tokens: 900, output_tokens: 12 } }),
], { appServer: true });

const codex = new Codex({ ...setup.codexOptions, backend: "app-server" });
try {
  const thread = codex.startThread({ workingDirectory: setup.workDir });

  const { events } = await thread.runStreamed("Suggest a name for a small TypeScript library.");
  let streamed = false;
  for await (const event of events) {
    if (event.type === "turn.started") {
      await thread.steer("It should be one short word."); // lands in the running turn
      console.log("steered: It should be one short word.");
    } else if (event.type === "item.delta" && event.item_type === "agent_message") {
      process.stdout.write(event.delta); // streams before the item completes
      streamed = true;
    } else if (event.type === "item.completed" && event.item.type === "agent_message") {
      console.log(streamed ? "" : event.item.text); // a message that came in one piece has no deltas
      streamed = false;
    } else if (event.type === "turn.completed") {
      console.log(`turn 1 done, usage ${formatUsage(event.turn_usage)}`);
    }
  }

  const started = Date.now();
  const turn = await thread.run("Why that name? One line.");
  console.log(`\nturn 2 (${Date.now() - started} ms, same app-server process): ${turn.finalResponse}`);
  console.log(`usage: this turn ${formatUsage(turn.usage)}; thread total ${formatUsage(turn.cumulativeUsage)}`);
} finally {
  await codex.close(); // stops the app-server; without it Node would keep running
  await setup.close();
}
