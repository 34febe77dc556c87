// Shared by the examples: offline against the scripted model (the default without an API key, or with --mock), or
// against the real OpenAI API when CODEX_API_KEY / OPENAI_API_KEY is set (and --mock is not given).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CodexOptions } from "@codexkit/sdk";
import { type ScriptStep, startScriptedModel } from "@codexkit/sdk/testing";

export interface ExampleSetup {
  /** Options for `new Codex(...)`. */
  codexOptions: CodexOptions;
  /** A scratch working directory for the agent. */
  workDir: string;
  /** Whether the scripted model is answering. */
  mock: boolean;
  /** Stops the scripted model, if any. */
  close(): Promise<void>;
}

export async function setupExample(script: ScriptStep[]): Promise<ExampleSetup> {
  const apiKey = process.env.CODEX_API_KEY ?? process.env.OPENAI_API_KEY;
  const mock = process.argv.includes("--mock") || !apiKey;
  const workDir = mkdtempSync(join(tmpdir(), "codexkit-example-"));
  if (!mock) return { codexOptions: { apiKey }, workDir, mock, close: async () => {} };
  const server = await startScriptedModel(script);
  return {
    // A throwaway CODEX_HOME keeps the demo away from your own ~/.codex config and sessions.
    codexOptions: { config: server.config, codexHome: mkdtempSync(join(tmpdir(), "codexkit-home-")) },
    workDir,
    mock,
    close: () => server.close(),
  };
}
