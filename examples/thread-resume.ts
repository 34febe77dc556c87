// Resuming threads: codex records every thread in CODEX_HOME/sessions, so a later program can continue it.
//   • codex.resumeThread(id)     continue a thread whose id you saved
//   • codex.resumeLastThread()   continue the newest recorded thread (its id is known after the first turn)
// Each step uses a fresh Codex, as a separate program run would; the model sees the whole history each time. A
// resumed thread still reports this turn's own usage (read from the recorded session), next to the running total.
//
// Run:  npx tsx examples/thread-resume.ts --mock                  offline (scripted model)
//       CODEX_API_KEY=sk-... npx tsx examples/thread-resume.ts    live (OpenAI)
import { Codex } from "@codexkit/sdk";
import { reply, userTexts } from "@codexkit/sdk/testing";
import { formatUsage } from "./_shared/format.js";
import { setupExample } from "./_shared/setup.js";

const codeword = "periwinkle";

// Offline, the scripted model answers from the history codex sends: it only knows the codeword if the resumed
// thread really carried the first turn over.
const setup = await setupExample([
  reply("Noted, I will remember it.", { usage: { input_tokens: 1000, output_tokens: 8 } }),
  (request) => {
    const said = userTexts(request).join("\n").match(/codeword is (\w+)/)?.[1];
    return reply(said ? `The codeword is ${said}.` : "I don't know any codeword.", {
      usage: { input_tokens: 1100, output_tokens: 6 },
    });
  },
  (request) => {
    const prompts = userTexts(request).filter((t) => !t.startsWith("<"));
    return reply(`You have sent me ${prompts.length} messages in this thread.`, {
      usage: { input_tokens: 1200, output_tokens: 9 },
    });
  },
]);

try {
  const threadOptions = { workingDirectory: setup.workDir, skipGitRepoCheck: true };

  // Program run 1: start a thread and keep its id.
  const first = new Codex(setup.codexOptions).startThread(threadOptions);
  const turn1 = await first.run(`Remember this: the codeword is ${codeword}. Just acknowledge.`);
  const savedId = first.id!;
  console.log(`run 1  thread ${savedId}`);
  console.log(`       ${turn1.finalResponse}`);

  // Program run 2: resume by id.
  const resumed = new Codex(setup.codexOptions).resumeThread(savedId, threadOptions);
  const turn2 = await resumed.run("What is the codeword?");
  console.log(`run 2  resumeThread(id) → ${resumed.id}`);
  console.log(`       ${turn2.finalResponse}`);
  console.log(
    `       usage: this turn ${formatUsage(turn2.usage)}; thread total ${formatUsage(turn2.cumulativeUsage)}`,
  );

  // Program run 3: resume whatever thread was newest, without knowing its id.
  const last = new Codex(setup.codexOptions).resumeLastThread(threadOptions);
  const turn3 = await last.run("How many messages have I sent you in this thread?");
  console.log(`run 3  resumeLastThread() → ${last.id}${last.id === savedId ? " (the same thread)" : ""}`);
  console.log(`       ${turn3.finalResponse}`);
  console.log(
    `       usage: this turn ${formatUsage(turn3.usage)}; thread total ${formatUsage(turn3.cumulativeUsage)}`,
  );
} finally {
  await setup.close();
}
