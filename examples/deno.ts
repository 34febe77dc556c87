// Deno: the native DenoTransport (Deno.Command) and the scripted model on Deno.serve, offline.
// Run: deno run -A examples/deno.ts        (from a project: import from "jsr:@codexkit/sdk/deno")
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Codex, DenoTransport } from "@codexkit/sdk/deno";
import { reply, runCommand, startScriptedModel } from "@codexkit/sdk/testing";

const server = await startScriptedModel([runCommand("echo hello from Deno.Command"), reply("Ran it natively on Deno.")]);
const codexHome = await mkdtemp(join(tmpdir(), "codexkit-home-"));
const workDir = await mkdtemp(join(tmpdir(), "codexkit-work-"));
try {
  const codex = new Codex({ config: server.config, codexHome, transport: new DenoTransport() });
  const turn = await codex.startThread({ workingDirectory: workDir, skipGitRepoCheck: true }).run("Say hello");
  for (const cmd of turn.commands()) console.log(`command: ${cmd.command} → ${cmd.aggregated_output.trim()}`);
  console.log(`final response: ${turn.finalResponse}`);
} finally {
  await server.close();
  await rm(codexHome, { recursive: true, force: true });
  await rm(workDir, { recursive: true, force: true });
}
