// Structured output with a plain JSON Schema: codex passes the schema to the model (`--output-schema`, sent as the
// Responses API `text.format`), so the final response is JSON of that shape. Two ways to ask:
//   • thread.runJson(prompt, { schema })       → turn.data is the parsed JSON (typed `unknown`: no validator)
//   • thread.run(prompt, { outputSchema })     → the official @openai/codex-sdk call; parse turn.finalResponse
//
// Run:  npx tsx examples/structured-output-json-schema.ts --mock                  offline (scripted model)
//       CODEX_API_KEY=sk-... npx tsx examples/structured-output-json-schema.ts    live (OpenAI)
import { Codex } from "@codexkit/sdk";
import { reply, runCommand, toolOutputs } from "@codexkit/sdk/testing";
import { setupExample } from "./_shared/setup.js";

const inventorySchema = {
  type: "object",
  properties: {
    files: { type: "array", items: { type: "string" } },
    largest: { type: "string" },
  },
  required: ["files", "largest"],
  additionalProperties: false, // the OpenAI API requires it for strict structured output
} as const;

const verdictSchema = {
  type: "object",
  properties: { verdict: { type: "string", enum: ["tidy", "messy"] }, reason: { type: "string" } },
  required: ["verdict", "reason"],
  additionalProperties: false,
} as const;

// Offline the scripted model builds its JSON from the real `ls -S` output codex sends back.
const setup = await setupExample([
  runCommand("ls -S"),
  (request) => {
    const files = (toolOutputs(request).at(-1) ?? "").split("\n").filter((f) => /\.\w+$/.test(f));
    return reply(JSON.stringify({ files, largest: files[0] ?? "" }));
  },
  reply(JSON.stringify({ verdict: "tidy", reason: "three small, clearly named files" })),
], { files: { "notes.md": "# notes\n", "data.csv": "a,b,c\n".repeat(100), "main.ts": "console.log(1);\n" } });

try {
  const codex = new Codex(setup.codexOptions);
  const thread = codex.startThread({ workingDirectory: setup.workDir, skipGitRepoCheck: true });

  const inventory = await thread.runJson("List the files in the working directory and name the largest one.", {
    schema: inventorySchema,
  });
  const data = inventory.data as { files: string[]; largest: string };
  console.log(`files:   ${data.files.join(", ")}`);
  console.log(`largest: ${data.largest}`);

  // The official SDK's spelling: the schema as a turn option, the JSON as text.
  const turn = await thread.run("Is this directory tidy or messy?", { outputSchema: verdictSchema });
  const verdict = JSON.parse(turn.finalResponse) as { verdict: "tidy" | "messy"; reason: string };
  console.log(`verdict: ${verdict.verdict} (${verdict.reason})`);

  // What reached the model: the schema, as the Responses API's `text.format` (visible offline only).
  const format = setup.server?.model.responseRequests[0]?.body?.text?.format;
  if (format) {
    console.log(`\ncodex sent text.format: type=${format.type}, required=${JSON.stringify(format.schema?.required)}`);
  }
} finally {
  await setup.close();
}
