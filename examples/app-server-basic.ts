// The app-server client: one long-lived `codex app-server`, driven through the typed JSON-RPC `AppServerClient`.
// `codex.connectAppServer()` starts it with the Codex's binary, env, config and CODEX_HOME and does the handshake;
// then: list models, start a thread, and run a turn as a session whose notifications stream as they arrive
// (agent text deltas before the completed message), ending with `wait()` for the completed turn and its usage.
//
// Run:  npx tsx examples/app-server-basic.ts --mock                  offline (scripted model)
//       CODEX_API_KEY=sk-... npx tsx examples/app-server-basic.ts    live (OpenAI)
import { Codex } from "@codexkit/sdk";
import { lastOutputLine, reply, runCommand } from "@codexkit/sdk/testing";
import { setupExample } from "./_shared/setup.js";

const setup = await setupExample([
  runCommand("node --version"),
  (request) => reply(`This machine runs Node ${lastOutputLine(request)}.`, { stream: true }),
], { appServer: true });

const codex = new Codex(setup.codexOptions);
const client = await codex.connectAppServer();
try {
  console.log(`connected: ${client.info.userAgent}`);
  const { data: models } = await client.listModels();
  console.log(
    `models: ${models.map((m) => (m.isDefault ? `${m.model} (default)` : m.model)).slice(0, 4).join(", ")}, …`,
  );

  const { thread } = await client.startThread({ cwd: setup.workDir, sandbox: "workspace-write" });
  console.log(`thread: ${thread.id}\n`);

  const session = await client.turnSession(thread.id, "Which Node.js version is installed? Check with a command.");
  let streaming = false;
  for await (const n of session) {
    switch (n.method) {
      case "item/started":
        if (n.params.item.type === "commandExecution") console.log(`running   ${n.params.item.command}`);
        break;
      case "item/agentMessage/delta": // the answer, fragment by fragment
        if (!streaming) process.stdout.write("streaming ");
        streaming = true;
        process.stdout.write(n.params.delta);
        break;
      case "item/completed":
        if (n.params.item.type === "commandExecution") {
          console.log(`completed ${n.params.item.command} → exit ${n.params.item.exitCode}`);
        }
        if (n.params.item.type === "agentMessage") console.log(streaming ? "" : `answer    ${n.params.item.text}`);
        break;
    }
  }

  const { turn, items, tokenUsage } = await session.wait();
  console.log(`\nturn ${turn.status}: ${items.length} items (${items.map((i) => i.type).join(", ")})`);
  console.log(
    `thread tokens so far: ${tokenUsage?.total.inputTokens ?? "?"} in / ${tokenUsage?.total.outputTokens ?? "?"} out`,
  );
} finally {
  await client.close(); // stops the app-server; otherwise the child process keeps Node running
  await setup.close();
}
