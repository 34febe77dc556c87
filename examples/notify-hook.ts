// codex's `notify` hook: a program codex runs after every completed agent turn, with a JSON payload as its last
// argument ({ type: "agent-turn-complete", thread-id, turn-id, cwd, client, input-messages, last-assistant-message }).
// Set it from code with `config: { notify: [program, ...args] }`. Checked against codex 0.169: it fires in exec mode
// and on the app-server (`client` says which). codex starts the program and does not wait for it, so a notification
// can land shortly after `run()` returns — the example waits for them.
//
// Here the hook is a one-line Node program that appends each payload to a file; in real use it could post to Slack,
// play a sound or update a dashboard.
//
// Run:  npx tsx examples/notify-hook.ts --mock                  offline (scripted model)
//       CODEX_API_KEY=sk-... npx tsx examples/notify-hook.ts    live (OpenAI)
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Codex } from "@codexkit/sdk";
import { reply } from "@codexkit/sdk/testing";
import { waitFor } from "./_shared/format.js";
import { setupExample } from "./_shared/setup.js";

const setup = await setupExample([reply("Hello!"), reply("Goodbye!"), reply("Hello from the app-server!")], {
  appServer: true,
});

const logFile = join(setup.codexHome, "notifications.jsonl");
const hookProgram = `require("node:fs").appendFileSync(${JSON.stringify(logFile)}, process.argv.at(-1) + "\\n")`;
const notify = [process.execPath, "-e", hookProgram];
const notifications =
  () => (existsSync(logFile) ? readFileSync(logFile, "utf8").trim().split("\n").map((l) => JSON.parse(l)) : []);

try {
  const options = { ...setup.codexOptions, config: { ...setup.codexOptions.config, notify } };

  const exec = new Codex(options);
  const thread = exec.startThread({ workingDirectory: setup.workDir, skipGitRepoCheck: true });
  await thread.run("Say hello.");
  await thread.run("Now say goodbye.");

  const appServer = new Codex({ ...options, backend: "app-server" });
  try {
    await appServer.startThread({ workingDirectory: setup.workDir }).run("Say hello from the app-server.");
  } finally {
    await appServer.close();
  }

  const arrived = await waitFor(() => notifications().length >= 3, 10_000);
  console.log(`notify ran ${notifications().length} times${arrived ? "" : " (expected 3)"}:`);
  for (const n of notifications()) {
    const prompts = (n["input-messages"] as string[]).map((m) => JSON.stringify(m)).join(", ");
    console.log(`   ${n.type} client=${n.client} thread=${n["thread-id"]}`);
    console.log(`      input-messages: ${prompts}`);
    console.log(`      last-assistant-message: ${JSON.stringify(n["last-assistant-message"])}`);
  }
} finally {
  await setup.close();
}
