// Forking, listing and reading threads on the app-server. `forkThread` copies a thread's history into a new thread:
// both continue independently from the fork point (try an alternative without losing the original). `listThreads`
// pages through recorded threads (newest first); `readThread` returns one, with its turns and items on request.
//
// Run:  npx tsx examples/app-server-fork.ts --mock                  offline (scripted model)
//       CODEX_API_KEY=sk-... npx tsx examples/app-server-fork.ts    live (OpenAI)
import { Codex } from "@codexkit/sdk";
import { lastPrompt, reply, type ScriptStep, userTexts } from "@codexkit/sdk/testing";
import { setupExample } from "./_shared/setup.js";

// Offline, the scripted model only knows what is in the history codex sends: the newest "my favourite colour is X".
const remember: ScriptStep = (request) => {
  if (!lastPrompt(request).includes("?")) return reply("Noted.");
  const colours = userTexts(request).flatMap((t) => [...t.matchAll(/favourite colour is (\w+)/g)].map((m) => m[1]));
  return reply(colours.length ? `Your favourite colour is ${colours.at(-1)}.` : "You have not told me.");
};
const setup = await setupExample([remember, remember, remember, remember], { appServer: true });

const codex = new Codex(setup.codexOptions);
const client = await codex.connectAppServer();
const ask = async (threadId: string, prompt: string) => {
  const { items } = await (await client.turnSession(threadId, prompt)).wait();
  return items.flatMap((i) => (i.type === "agentMessage" ? [i.text] : [])).at(-1) ?? "";
};

try {
  const { thread: original } = await client.startThread({ cwd: setup.workDir });
  await ask(original.id, "Remember: my favourite colour is blue.");

  const { thread: fork } = await client.forkThread({ threadId: original.id });
  console.log(`forked ${fork.id}\n  from ${fork.forkedFromId}`);
  await ask(fork.id, "Change of mind: my favourite colour is green.");

  console.log(`\noriginal: ${await ask(original.id, "What is my favourite colour?")}`);
  console.log(`fork:     ${await ask(fork.id, "What is my favourite colour?")}`);

  const { data: threads } = await client.listThreads({ limit: 10 });
  console.log(`\nlistThreads: ${threads.length} threads`);
  for (const t of threads) {
    const label = t.id === fork.id ? "fork    " : t.id === original.id ? "original" : "other   ";
    console.log(`   ${label} ${t.id}  "${t.preview.slice(0, 50)}"`);
  }

  const { thread: read } = await client.readThread({ threadId: fork.id, includeTurns: true });
  console.log(`\nreadThread(fork): ${read.turns.length} turns`);
  for (const turn of read.turns) {
    const said = turn.items.flatMap((
      i,
    ) => (i.type === "userMessage" ? i.content.flatMap((c) => (c.type === "text" ? [c.text] : [])) : []));
    console.log(`   ${turn.status.padEnd(9)} ${said.join(" ")}`);
  }
} finally {
  await client.close();
  await setup.close();
}
