// Config overrides: any codex config.toml key, set from code, without touching config files.
//   • new Codex({ config: {...} })            a nested object, flattened to `--config dotted.key=<TOML literal>`
//   • new Codex({ configOverrides: [...] })   raw `key=value` strings (TOML values), passed after `config`
//   • startThread({ configOverrides: [...] }) per thread, after the Codex-level ones
// Later flags win for the same key. The example sets environment variables for the agent's shell commands
// (`shell_environment_policy.set`) in each layer, then has codex run a real command that prints them.
//
// Run:  npx tsx examples/config-overrides.ts --mock                  offline (scripted model)
//       CODEX_API_KEY=sk-... npx tsx examples/config-overrides.ts    live (OpenAI)
import { Codex, type Turn } from "@codexkit/sdk";
import { lastOutputLine, reply, runCommand } from "@codexkit/sdk/testing";
import { setupExample } from "./_shared/setup.js";

const command =
  'echo "FROM_CONFIG=$FROM_CONFIG FROM_OVERRIDES=$FROM_OVERRIDES FROM_THREAD=$FROM_THREAD WINNER=$WINNER"';
const answer = (request: Parameters<typeof lastOutputLine>[0]) =>
  reply(`The command printed: ${lastOutputLine(request)}`);
const setup = await setupExample([runCommand(command), answer, runCommand(command), answer]);
const printed = (turn: Turn) =>
  turn.commands().at(-1)?.aggregated_output.trim().split("\n").at(-1) ?? "(no command ran)";

try {
  const codex = new Codex({
    ...setup.codexOptions,
    config: {
      ...setup.codexOptions.config, // offline: the scripted model provider
      analytics: { enabled: false }, // → --config analytics.enabled=false
      shell_environment_policy: { set: { FROM_CONFIG: "yes", WINNER: "config" } },
    },
    configOverrides: [
      'shell_environment_policy.set.FROM_OVERRIDES="yes"',
      'shell_environment_policy.set.WINNER="configOverrides"', // same key as in `config`: this one comes later
    ],
  });
  const prompt = `Run this exact shell command and tell me what it printed: ${command}`;

  const plain = codex.startThread({ workingDirectory: setup.workDir, skipGitRepoCheck: true });
  const first = await plain.run(prompt);
  console.log(`Codex-level config + configOverrides:\n   ${printed(first)}`);

  const tuned = codex.startThread({
    workingDirectory: setup.workDir,
    skipGitRepoCheck: true,
    configOverrides: ['shell_environment_policy.set.FROM_THREAD="yes"', 'shell_environment_policy.set.WINNER="thread"'],
  });
  const second = await tuned.run(prompt);
  console.log(`plus thread-level configOverrides:\n   ${printed(second)}`);
  console.log(`\nagent: ${second.finalResponse}`);
} finally {
  await setup.close();
}
