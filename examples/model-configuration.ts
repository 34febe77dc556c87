// Model configuration: choose the model and the reasoning effort per thread (`model` → `--model`,
// `modelReasoningEffort` → `model_reasoning_effort`). Instead of hard-coding names, the example asks codex which
// models it offers (`model/list` on the app-server, answered from codex's catalog, offline too) and picks the default
// model with two of its supported efforts. Offline, the scripted model answers with what codex actually sent it.
//
// Run:  npx tsx examples/model-configuration.ts --mock                  offline (scripted model)
//       CODEX_API_KEY=sk-... npx tsx examples/model-configuration.ts    live (OpenAI)
import { Codex, type ModelReasoningEffort } from "@codexkit/sdk";
import { reply } from "@codexkit/sdk/testing";
import { setupExample } from "./_shared/setup.js";

// The scripted model echoes the model and effort of each request it receives.
const echo = (request: { body: any }) =>
  reply(`I am ${request.body.model}, thinking with effort "${request.body.reasoning?.effort ?? "default"}".`);
const setup = await setupExample([echo, echo], { appServer: true });

// The efforts ThreadOptions accepts; codex's catalog may list newer ones.
const known: readonly string[] = ["none", "minimal", "low", "medium", "high", "xhigh"] satisfies ModelReasoningEffort[];

try {
  const codex = new Codex(setup.codexOptions);

  const client = await codex.connectAppServer();
  const { data: models } = await client.listModels();
  await client.close();
  console.log("models codex offers:");
  for (const m of models.slice(0, 5)) {
    const efforts = m.supportedReasoningEfforts.map((e) => e.reasoningEffort).join(", ");
    console.log(`   ${m.isDefault ? "*" : " "} ${m.model.padEnd(16)} efforts: ${efforts}`);
  }

  const model = models.find((m) => m.isDefault) ?? models[0]!;
  const efforts = model.supportedReasoningEfforts
    .map((e) => e.reasoningEffort)
    .filter((e): e is ModelReasoningEffort => known.includes(e));
  const quick = efforts[0] ?? "low";
  const thorough = efforts.includes("high") ? "high" : efforts.at(-1) ?? "medium";

  console.log(`\nusing ${model.model}`);
  for (const modelReasoningEffort of [quick, thorough]) {
    const thread = codex.startThread({
      model: model.model,
      modelReasoningEffort,
      workingDirectory: setup.workDir,
      skipGitRepoCheck: true,
    });
    const turn = await thread.run("In one sentence: which model are you and how hard are you thinking?");
    console.log(`   effort ${modelReasoningEffort.padEnd(6)} → ${turn.finalResponse}`);
  }
} finally {
  await setup.close();
}
