// Skills: list the skills codex knows (`listSkills`), then invoke one explicitly with a `{ type: "skill", name, path }`
// input part next to the prompt. codex then sends the skill's SKILL.md to the model with the turn.
// A fresh CODEX_HOME already has codex's system skills (installed under CODEX_HOME/skills/.system: imagegen,
// openai-docs, review-agent, skill-creator, skill-installer); the example adds a user skill of its own,
// CODEX_HOME/skills/haiku/SKILL.md, and invokes that one.
//
// Run:  npx tsx examples/app-server-skill-input.ts --mock                  offline (scripted model)
//       CODEX_API_KEY=sk-... npx tsx examples/app-server-skill-input.ts    live (OpenAI)
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Codex } from "@codexkit/sdk";
import { reply, userTexts } from "@codexkit/sdk/testing";
import { setupExample } from "./_shared/setup.js";

const skillFile = [
  "---",
  "name: haiku",
  "description: Answer as a haiku (three lines of 5, 7 and 5 syllables).",
  "---",
  "",
  "Always answer in exactly three lines of 5, 7 and 5 syllables. No other text.",
  "",
].join("\n");

// Offline, the scripted model can only follow the skill if codex delivered it: it looks for the <skill> block.
const setup = await setupExample([
  (request) => {
    const delivered = userTexts(request).some((t) => t.startsWith("<skill>") && t.includes("<name>haiku</name>"));
    return reply(
      delivered ? "Types guard the river\nJavaScript flows underneath\nerrors caught at dusk" : "(no skill arrived)",
    );
  },
], { appServer: true });
mkdirSync(join(setup.codexHome, "skills", "haiku"), { recursive: true });
writeFileSync(join(setup.codexHome, "skills", "haiku", "SKILL.md"), skillFile);

const codex = new Codex(setup.codexOptions);
const client = await codex.connectAppServer();
try {
  const { data } = await client.listSkills({ cwds: [setup.workDir] });
  const skills = data.flatMap((entry) => entry.skills);
  console.log(`listSkills: ${skills.length} skills`);
  for (const skill of skills) {
    const description = skill.description.length > 60 ? `${skill.description.slice(0, 60)}…` : skill.description;
    console.log(`   ${skill.scope.padEnd(6)} ${skill.name.padEnd(16)} ${description}`);
  }

  const haiku = skills.find((s) => s.name === "haiku");
  if (!haiku) throw new Error("codex did not find the haiku skill");
  const { thread } = await client.startThread({ cwd: setup.workDir });
  const session = await client.turnSession(thread.id, [
    { type: "text", text: "Use $haiku: what is TypeScript?" },
    { type: "skill", name: haiku.name, path: haiku.path }, // explicit invocation: codex attaches SKILL.md
  ]);
  const { items } = await session.wait();
  const answer = items.flatMap((i) => (i.type === "agentMessage" ? [i.text] : [])).at(-1) ?? "";
  console.log(`\n$haiku answer:\n${answer.replace(/^/gm, "   ")}`);

  const sent = setup.server?.model.responseRequests.at(-1);
  const block = sent && userTexts(sent).find((t) => t.startsWith("<skill>"));
  if (block) console.log(`\ncodex sent the skill to the model: ${block.split("\n").slice(0, 3).join(" ")} …`);
} finally {
  await client.close();
  await setup.close();
}
