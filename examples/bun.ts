// Bun: the native BunTransport (Bun.spawn) and the scripted model on Bun.serve, offline.
// Run: bun examples/bun.ts
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BunTransport, Codex } from "@codexkit/sdk/bun";
import { reply, runCommand, startScriptedModel } from "@codexkit/sdk/testing";

const server = await startScriptedModel([runCommand("echo hello from Bun.spawn"), reply("Ran it natively on Bun.")]);
const codexHome = await mkdtemp(join(tmpdir(), "codexkit-home-"));
const workDir = await mkdtemp(join(tmpdir(), "codexkit-work-"));
try {
  const codex = new Codex({ config: server.config, codexHome, transport: new BunTransport() });
  const turn = await codex.startThread({ workingDirectory: workDir, skipGitRepoCheck: true }).run("Say hello");
  for (const cmd of turn.commands()) console.log(`command: ${cmd.command} → ${cmd.aggregated_output.trim()}`);
  console.log(`final response: ${turn.finalResponse}`);
} finally {
  await server.close();
  await rm(codexHome, { recursive: true, force: true });
  await rm(workDir, { recursive: true, force: true });
}
