// A first program, self-contained: copy this file whole into a project (`npm install @codexkit/sdk @openai/codex`,
// then `npx tsx first-program.ts`). It needs no other file, no API key and no network: the scripted model from
// @codexkit/sdk/testing plays OpenAI on 127.0.0.1 while the real codex runs. It shows the set-up every program needs:
//   - a throwaway CODEX_HOME, so nothing touches your ~/.codex (config, login, sessions), removed at the end;
//   - skipGitRepoCheck, because codex exec refuses to run outside a git repository otherwise;
//   - resuming a thread by id from a new Codex with the same CODEX_HOME (threads are files in it).
// To talk to OpenAI instead, drop the scripted model and pass `new Codex({ apiKey: process.env.OPENAI_API_KEY })`.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Codex } from "@codexkit/sdk";
import { lastOutputLine, reply, runCommand, startScriptedModel } from "@codexkit/sdk/testing";

const codexHome = await mkdtemp(join(tmpdir(), "codex-home-"));
const workDir = await mkdtemp(join(tmpdir(), "codex-work-"));
// One step per model request: run a command, answer from its real output, then answer the resumed thread.
const model = await startScriptedModel([
  runCommand("node --version"),
  (request) => reply(`This machine runs Node ${lastOutputLine(request)}.`),
  reply("You asked which Node version runs here."),
]);
try {
  const codex = new Codex({ config: model.config, codexHome });
  const thread = codex.startThread({ workingDirectory: workDir, skipGitRepoCheck: true });
  const turn = await thread.run("Which Node version is installed?");
  for (const command of turn.commands()) console.log(`ran: ${command.command} → exit ${command.exit_code}`);
  console.log(`answer: ${turn.finalResponse}`);
  console.log(`usage: ${turn.usage?.input_tokens} in / ${turn.usage?.output_tokens} out`);

  // Later, maybe in another process: the same CODEX_HOME and the thread's id are all it takes.
  const again = new Codex({ config: model.config, codexHome }).resumeThread(thread.id!, {
    workingDirectory: workDir,
    skipGitRepoCheck: true,
  });
  const next = await again.run("What did I ask you before?");
  console.log(`resumed ${again.id === thread.id ? "the same thread" : "another thread"}: ${next.finalResponse}`);
} finally {
  await model.close();
  await rm(codexHome, { recursive: true, force: true });
  await rm(workDir, { recursive: true, force: true });
}
