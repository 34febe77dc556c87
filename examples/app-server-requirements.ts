// Config requirements and the effective config, read from the app-server.
//   • readConfigRequirements(): constraints an administrator enforces (allowed approval policies, sandbox modes,
//     web search modes, …) from /etc/codex/requirements.toml or MDM; `null` when none are set.
//   • readConfig({ cwd, includeLayers }): the config codex would use in a directory, where each key came from
//     (origins), and every layer — including ones codex ignored, with the reason.
// The example adds a project config (.codex/config.toml), sees codex ignore it until the project is trusted, then
// trusts it with writeConfigValue (written to CODEX_HOME/config.toml, here a throwaway one) and reads again.
// No model turn runs: offline and live behave the same.
//
// Run:  npx tsx examples/app-server-requirements.ts --mock                  offline
//       CODEX_API_KEY=sk-... npx tsx examples/app-server-requirements.ts    live
import { Codex, type protocol } from "@codexkit/sdk";
import { setupExample } from "./_shared/setup.js";

const setup = await setupExample([], { files: { ".codex/config.toml": 'model_verbosity = "high"\n' } });

function origin(source: protocol.ConfigLayerSource | undefined): string {
  if (!source) return "default";
  switch (source.type) {
    case "sessionFlags":
      return "--config flag (from the SDK)";
    case "user":
    case "system":
      return `${source.type} ${source.file}`;
    case "project":
      return `project ${source.dotCodexFolder}`;
    default:
      return source.type;
  }
}

const codex = new Codex(setup.codexOptions);
const client = await codex.connectAppServer();
try {
  const { requirements } = await client.readConfigRequirements();
  if (!requirements) {
    console.log("requirements: none (no /etc/codex/requirements.toml or MDM policy on this machine)");
  } else {
    console.log(`requirements: approval policies ${JSON.stringify(requirements.allowedApprovalPolicies ?? "any")}`);
    console.log(`              sandbox modes ${JSON.stringify(requirements.allowedSandboxModes ?? "any")}`);
    console.log(`              web search ${JSON.stringify(requirements.allowedWebSearchModes ?? "any")}`);
  }

  const show = async (label: string) => {
    const { config, origins, layers } = await client.readConfig({ cwd: setup.workDir, includeLayers: true });
    console.log(`\n${label}`);
    for (const key of ["model", "model_provider", "model_verbosity"]) {
      const value = (config as Record<string, unknown>)[key];
      console.log(`   ${key.padEnd(16)} = ${JSON.stringify(value).padEnd(22)} from ${origin(origins[key]?.name)}`);
    }
    for (const layer of layers ?? []) {
      console.log(
        `   layer ${origin(layer.name)}${layer.disabledReason ? `\n         ignored: ${layer.disabledReason}` : ""}`,
      );
    }
  };

  await show("effective config (project not trusted yet):");
  const written = await client.writeConfigValue({
    keyPath: "projects",
    value: { [setup.workDir]: { trust_level: "trusted" } },
    mergeStrategy: "upsert", // merge into the [projects] table instead of replacing it
  });
  console.log(`\ntrusted the project: wrote ${written.filePath}`);
  await show("effective config (project trusted):");
} finally {
  await client.close();
  await setup.close();
}
