// Codex as an AI SDK tool (a handoff): a calling model gives codex a task; codex works in its own sandbox while its
// progress streams as preliminary tool results, and only a short answer goes back to the calling model. Here the
// calling model is codex too (any AI SDK model works: OpenAI, Anthropic, …).
//
// Run:  npx tsx examples/ai-sdk-tool.ts --mock                  offline: real codex, scripted model on 127.0.0.1
//       CODEX_API_KEY=sk-... npx tsx examples/ai-sdk-tool.ts    live: real codex talking to OpenAI
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stepCountIs, streamText } from "ai";
import { codexTool, createCodex } from "@codexkit/sdk/ai";
import { reply, runCommand } from "@codexkit/sdk/testing";
import { setupExample } from "./_shared/setup.ts";

// Offline, one scripted model answers both codexes in turn: the caller delegates, the worker writes a file and
// reports, the caller answers.
const envelope = (toolCalls: Array<{ name: string; input: unknown }>, final = "") =>
  reply(
    JSON.stringify({ tool_calls: toolCalls.map((c) => ({ name: c.name, arguments: JSON.stringify(c.input) })), final }),
  );
const setup = await setupExample([
  envelope([{ name: "codex", input: { prompt: "Write a haiku about tests into haiku.txt" } }]),
  runCommand("printf 'green bar at midnight\\n' > haiku.txt"),
  reply("I wrote haiku.txt."),
  envelope([], "Done: codex wrote haiku.txt."),
]);

try {
  const caller = createCodex(setup.codexOptions);
  const worker = codexTool({
    ...setup.codexOptions,
    // the worker may write in its workspace; the defaults (read-only, no network) apply otherwise
    threadOptions: { workingDirectory: setup.workDir, skipGitRepoCheck: true, sandboxMode: "workspace-write" },
    includeUsage: true,
  });
  const result = streamText({
    model: caller(setup.mock ? "mock-model" : "gpt-5.1-codex", {
      workingDirectory: setup.workDir,
      skipGitRepoCheck: true,
    }),
    prompt: "Have codex write a haiku about tests into haiku.txt.",
    tools: { codex: worker },
    stopWhen: stepCountIs(3),
  });
  for await (const part of result.fullStream) {
    if (part.type !== "tool-result" || part.dynamic) continue; // the caller's own work is dynamic; the handoff is not
    const output = part.output as { status: string; items?: Array<{ summary: string }>; finalResponse: string };
    if (part.preliminary) console.log(`progress: ${output.status}, latest: ${output.items?.at(-1)?.summary ?? "-"}`);
    else console.log(`handoff result: ${output.finalResponse}`);
  }
  console.log(`answer: ${await result.text}`);
  console.log(`haiku.txt on disk: ${readFileSync(join(setup.workDir, "haiku.txt"), "utf8").trim()}`);
  await caller.close();
} finally {
  await setup.close();
}
