// Codex as a Vercel AI SDK language model: streamText shows codex's own commands as provider-executed tool calls,
// then generateText hands codex one of YOUR tools — codex asks for it, the AI SDK runs it, and the result goes back
// into the same codex thread.
//
// Run:  npx tsx examples/ai-sdk-model.ts --mock                  offline: real codex, scripted model on 127.0.0.1
//       CODEX_API_KEY=sk-... npx tsx examples/ai-sdk-model.ts    live: real codex talking to OpenAI
import { generateText, stepCountIs, streamText, tool } from "ai";
import { z } from "zod";
import { createCodex } from "@codexkit/sdk/ai";
import { lastOutputLine, reply, runCommand } from "@codexkit/sdk/testing";
import { setupExample } from "./_shared/setup.ts";

// Offline, the scripted model plays the agent: it lists the directory, answers from the real output, then calls the
// caller's `owner_of` tool through codex's JSON envelope and answers from its result.
const envelope = (toolCalls: Array<{ name: string; input: unknown }>, final = "") =>
  reply(
    JSON.stringify({ tool_calls: toolCalls.map((c) => ({ name: c.name, arguments: JSON.stringify(c.input) })), final }),
  );
const setup = await setupExample([
  runCommand("ls -1"),
  (request) => reply(`The last file listed is ${lastOutputLine(request)}.`, { stream: true }),
  envelope([{ name: "owner_of", input: { file: "report.md" } }]),
  (request) =>
    envelope([], `report.md belongs to ${JSON.stringify(request.body).includes("Ada") ? "Ada" : "someone"}.`),
], { files: { "notes.txt": "notes\n", "report.md": "# Report\n" } });

try {
  // A provider over the example's codex options (scripted model or API key, throwaway CODEX_HOME). Models default to
  // a read-only sandbox, no approvals, no web search and no network; thread options override that.
  const codex = createCodex(setup.codexOptions);
  const model = codex(setup.mock ? "mock-model" : "gpt-5.1-codex", {
    workingDirectory: setup.workDir,
    skipGitRepoCheck: true,
  });

  console.log("── streamText: codex's own work as tool calls");
  const stream = streamText({ model, prompt: "List the files here and tell me the last one." });
  for await (const part of stream.fullStream) {
    if (part.type === "tool-call") {
      console.log(`codex ran: ${(part.input as { command: string }).command} (${part.toolName}, provider-executed)`);
    }
    if (part.type === "tool-result" || part.type === "tool-error") console.log(`  → ${part.type}`);
  }
  console.log(`answer: ${await stream.text}`);

  console.log("\n── generateText: your tool, run by the AI SDK, called by codex");
  const result = await generateText({
    model,
    prompt: "Who owns report.md? Use the owner_of tool.",
    tools: {
      owner_of: tool({
        description: "Who owns a file in the team's records",
        inputSchema: z.object({ file: z.string() }),
        execute: async ({ file }) => {
          console.log(`your tool ran: owner_of(${file})`);
          return { file, owner: "Ada" };
        },
      }),
    },
    stopWhen: stepCountIs(3),
  });
  console.log(`answer: ${result.text}`);
  console.log(
    `steps: ${
      result.steps.map((s) => s.finishReason).join(" → ")
    }; codex thread ${result.providerMetadata?.codex?.threadId}`,
  );
  await codex.close();
} finally {
  await setup.close();
}
