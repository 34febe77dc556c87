// Turn sessions: `client.turnSession(threadId, input)` starts a turn and is an async iterator of that turn's
// notifications (deltas, items, usage), ending after `turn/completed`; `wait()` gives the completed turn (status,
// items, token usage); `interrupt()` stops it. Three turns on one thread:
//   1. stream the answer delta by delta, then wait() for the result
//   2. a long turn, interrupted a moment after it starts → status "interrupted"
//   3. the same thread carries on normally after the interrupt
//
// Run:  npx tsx examples/app-server-turn-session.ts --mock                  offline (scripted model)
//       CODEX_API_KEY=sk-... npx tsx examples/app-server-turn-session.ts    live (OpenAI)
import { Codex } from "@codexkit/sdk";
import { reply } from "@codexkit/sdk/testing";
import { waitFor } from "./_shared/format.js";
import { setupExample } from "./_shared/setup.js";

const setup = await setupExample([
  {
    output: [
      { type: "reasoning", text: "A short, friendly answer will do." },
      { type: "message", text: "Turn sessions stream every notification of one turn, then the result.", stream: true },
    ],
  },
  { hang: true }, // turn 2: the model never finishes on its own
  reply("Still here — the interrupted turn did not break the thread."),
], { appServer: true });

const codex = new Codex(setup.codexOptions);
const client = await codex.connectAppServer();
try {
  const { thread } = await client.startThread({ cwd: setup.workDir });

  // 1. stream deltas, then wait()
  const first = await client.turnSession(thread.id, "In one sentence, what is a turn session?");
  const methods = new Set<string>();
  process.stdout.write("turn 1 › ");
  for await (const n of first) {
    methods.add(n.method);
    if (n.method === "item/agentMessage/delta") process.stdout.write(n.params.delta);
  }
  const done = await first.wait();
  console.log(`\n         status ${done.turn.status}; items: ${done.items.map((i) => i.type).join(", ")}`);
  console.log(
    `         tokens: ${done.tokenUsage?.last.inputTokens ?? "?"} in / ${
      done.tokenUsage?.last.outputTokens ?? "?"
    } out`,
  );
  console.log(`         notifications seen: ${[...methods].join(", ")}`);

  // 2. interrupt a long turn
  const long = await client.turnSession(thread.id, "Count from 1 to 10000, one number per line.");
  const started = Date.now();
  for await (const n of long) {
    if (n.method !== "turn/started") continue;
    // Let the model request get under way first: in codex 0.169 an interrupt that lands before it can leave the
    // thread's next turn waiting. Offline we can see the request arrive; live, give it a moment.
    if (setup.server) await waitFor(() => setup.server!.model.responseRequests.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await long.interrupt();
  }
  const interrupted = await long.wait();
  console.log(`turn 2 › interrupted by us after ${Date.now() - started} ms → status ${interrupted.turn.status}`);

  // 3. the thread goes on
  const third = await (await client.turnSession(thread.id, "Are you still there?")).wait();
  const answer = third.items.flatMap((i) => (i.type === "agentMessage" ? [i.text] : [])).at(-1);
  console.log(`turn 3 › ${third.turn.status}: ${answer}`);
} finally {
  await client.close();
  await setup.close();
}
