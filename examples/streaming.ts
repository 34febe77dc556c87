// Streaming: `thread.runStreamed()` yields codex's events as they happen — thread and turn lifecycle, items starting
// and completing (reasoning, a real shell command, the answer), and usage at the end. A second turn shows that
// breaking out of the loop early stops codex (no process is left running).
//
// Run:  npx tsx examples/streaming.ts --mock                  offline: real codex, scripted model on 127.0.0.1
//       CODEX_API_KEY=sk-... npx tsx examples/streaming.ts    live: real codex talking to OpenAI
import { Codex } from "@codexkit/sdk";
import { lastOutputLine, reply } from "@codexkit/sdk/testing";
import { describeItem, formatUsage } from "./_shared/format.js";
import { setupExample } from "./_shared/setup.js";

const setup = await setupExample([
  // one model response with a reasoning summary and a command call: codex really runs the command
  {
    output: [
      { type: "reasoning", text: "I should count the files first." },
      { type: "exec_command", cmd: "ls | wc -l" },
    ],
  },
  (request) => reply(`There are ${lastOutputLine(request)} files here.`, { stream: true }),
  // the second turn: the model takes its time; we stop reading before it answers
  { output: [{ type: "message", text: "a slow answer nobody waits for" }], delayMs: 3_000 },
], { files: { "a.txt": "a", "b.txt": "b", "c.txt": "c" } });

try {
  const codex = new Codex(setup.codexOptions);
  const thread = codex.startThread({ workingDirectory: setup.workDir, skipGitRepoCheck: true });

  const { events } = await thread.runStreamed(
    "How many files are in the working directory? Count them with a command.",
  );
  for await (const event of events) {
    switch (event.type) {
      case "thread.started":
        console.log(`thread.started    ${event.thread_id}`);
        break;
      case "item.started":
      case "item.updated":
      case "item.completed":
        console.log(`${event.type.padEnd(17)} ${describeItem(event.item)}`);
        break;
      case "turn.completed":
        console.log(`turn.completed    usage ${formatUsage(event.turn_usage ?? event.usage)}`);
        break;
      case "turn.failed":
        console.log(`turn.failed       ${event.error.message}`);
        break;
      case "error": // a notice such as "Reconnecting... 1/5", not fatal by itself
        console.log(`error (notice)    ${event.message}`);
        break;
      default:
        console.log(event.type);
    }
  }

  // Leaving the loop early (break, return, throw) stops codex: the SDK kills the process behind the stream.
  const started = Date.now();
  const second = await thread.runStreamed("Take your time and write a long essay about file systems.");
  for await (const event of second.events) {
    if (event.type === "turn.started") {
      console.log(`\nsecond turn started; breaking out of the loop`);
      break;
    }
  }
  console.log(`stopped early after ${Date.now() - started} ms — codex was stopped, nothing keeps running`);
} finally {
  await setup.close();
}
