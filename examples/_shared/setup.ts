// Shared by the examples: offline against the scripted model (the default without an API key, or with --mock), or
// against the real OpenAI API when CODEX_API_KEY / OPENAI_API_KEY is set (and --mock is not given).
//
// Both modes use a throwaway CODEX_HOME and working directory, removed on close(): the examples never read or write
// your own ~/.codex (config, login, sessions).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Codex, type CodexOptions } from "@codexkit/sdk";
import { type ScriptedModelServer, type ScriptStep, startScriptedModel } from "@codexkit/sdk/testing";

export interface ExampleSetup {
  /** Options for `new Codex(...)`: the scripted provider (offline) or the API key (live), and CODEX_HOME. */
  codexOptions: CodexOptions;
  /** A scratch working directory for the agent. */
  workDir: string;
  /** The throwaway CODEX_HOME (config, auth, sessions, skills). */
  codexHome: string;
  /** Whether the scripted model is answering. */
  mock: boolean;
  /** The scripted model (offline only): its `requests` show exactly what codex sent. */
  server: ScriptedModelServer | null;
  /** Stops the scripted model, if any, and removes the scratch directories. */
  close(): Promise<void>;
}

export interface SetupOptions {
  /** Files to create in the working directory first (path relative to it → content). */
  files?: Record<string, string>;
  /**
   * The example uses `codex app-server`. The app-server ignores CODEX_API_KEY (only `codex exec` reads it), so in
   * live mode the key is stored in the throwaway CODEX_HOME with `account/login/start`.
   */
  appServer?: boolean;
  /** Print the offline/live banner (default true). */
  banner?: boolean;
}

export async function setupExample(script: ScriptStep[], options: SetupOptions = {}): Promise<ExampleSetup> {
  const apiKey = process.env.CODEX_API_KEY ?? process.env.OPENAI_API_KEY;
  const mock = process.argv.includes("--mock") || !apiKey;
  const workDir = mkdtempSync(join(tmpdir(), "codexkit-example-"));
  const codexHome = mkdtempSync(join(tmpdir(), "codexkit-home-"));
  for (const [path, content] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(workDir, path)), { recursive: true });
    writeFileSync(join(workDir, path), content);
  }
  const server = mock ? await startScriptedModel(script) : null;
  const codexOptions: CodexOptions = server ? { config: server.config, codexHome } : { apiKey: apiKey!, codexHome };
  const removeDirs = () => {
    rmSync(workDir, { recursive: true, force: true });
    rmSync(codexHome, { recursive: true, force: true });
  };
  if (!mock && options.appServer) {
    try {
      const client = await new Codex(codexOptions).connectAppServer();
      try {
        await client.startLogin({ type: "apiKey", apiKey: apiKey! });
      } finally {
        await client.close();
      }
    } catch (err) {
      removeDirs();
      throw err;
    }
  }
  if (options.banner ?? true) {
    console.log(mock ? "» offline: codex is talking to the scripted model\n" : "» live: codex is talking to OpenAI\n");
  }
  return {
    codexOptions,
    workDir,
    codexHome,
    mock,
    server,
    async close() {
      await server?.close();
      removeDirs();
    },
  };
}
