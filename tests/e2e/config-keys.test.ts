// Every TOML key path the SDK writes, checked against the real codex: the value must reach codex. codex splits a
// `-c` key on every dot, quotes or not, so a dotted key in `config` is a path — a quoted one would be silently
// ignored. App-server: read back through `config/read` (the session-flags layer is exactly what `-c` gave). Exec:
// seen in what codex sends the model (headers, instructions, reasoning effort).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppServerClient, Codex, type LaunchOptions, type Transport } from "@codexkit/sdk";
import { reply } from "@codexkit/sdk/testing";
import { type Harness, harness } from "../helpers/harness.ts";

let h: Harness | undefined;
let client: AppServerClient | undefined;
let dir: string | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  await h?.dispose();
  h = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Launches with extra (thread-level) launch options, the way a thread's turn would. */
const withOptions = (inner: Transport, extra: LaunchOptions): Transport => ({
  open: (spec, options) => inner.open({ ...spec, options: { ...spec.options, ...extra } }, options),
});

/** Reads a dotted path out of a nested object. */
const at = (obj: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], obj);

describe("config key paths reach the real codex", () => {
  it("app-server: every key the SDK writes reads back from config/read, dotted config keys as paths", async () => {
    h = await harness([]);
    dir = await mkdtemp(join(tmpdir(), "codexkit-cfg-"));
    const instructions = join(dir, "instructions.md");
    await writeFile(instructions, "Answer in haiku.");
    const threadLevel: LaunchOptions = {
      modelReasoningEffort: "high",
      networkAccessEnabled: true,
      webSearchMode: "cached",
      approvalPolicy: "on-request",
      shellSnapshotEnabled: false,
      featureOverrides: { memories: true },
      personality: "pragmatic",
      approvalsReviewer: "auto_review",
      modelInstructionsFile: instructions,
      developerInstructions: "Be brief.",
    };
    client = await AppServerClient.connect({
      transport: withOptions(h.transport, threadLevel),
      codexHome: h.codexHome,
      baseUrl: "http://127.0.0.1:9/v1",
      config: {
        ...h.server.config,
        "analytics.enabled": false, // the migrating user's dotted key
        tui: { "notifications": false },
        "shell_environment_policy.set": { CODEXKIT_MARK: "1" },
      },
    });
    const { config, layers } = await client.readConfig({ includeLayers: true });
    const flags = layers?.find((l) => (l.name as { type: string }).type === "sessionFlags")?.config;
    const expected: Record<string, unknown> = {
      "analytics.enabled": false,
      "tui.notifications": false,
      "shell_environment_policy.set.CODEXKIT_MARK": "1",
      openai_base_url: "http://127.0.0.1:9/v1",
      model_reasoning_effort: "high",
      "sandbox_workspace_write.network_access": true,
      web_search: "cached",
      approval_policy: "on-request",
      "features.shell_snapshot": false,
      "features.memories": true,
      personality: "pragmatic",
      approvals_reviewer: "auto_review",
      model_instructions_file: instructions,
      developer_instructions: "Be brief.",
    };
    for (const [path, value] of Object.entries(expected)) {
      expect(at(flags, path), `session flag ${path}`).toEqual(value);
    }
    // and the effective config codex runs with carries them (no key with a quote in it anywhere)
    expect(at(config, "analytics.enabled")).toBe(false);
    expect(at(config, "personality")).toBe("pragmatic");
    expect(JSON.stringify(Object.keys(flags as object))).not.toContain('\\"');
  });

  it("exec: a dotted config key, the instructions file and developer instructions reach the model request", async () => {
    h = await harness([reply("first"), reply("second")]);
    dir = await mkdtemp(join(tmpdir(), "codexkit-cfg-"));
    const instructions = join(dir, "instructions.md");
    await writeFile(instructions, "CODEXKIT-BASE-INSTRUCTIONS");
    const thread = h.codex.startThread({
      skipGitRepoCheck: true,
      workingDirectory: h.workDir,
      modelInstructionsFile: instructions,
      developerInstructions: "CODEXKIT-DEVELOPER-INSTRUCTIONS",
      modelReasoningEffort: "high",
    });
    // a header set through a dotted key path on the scripted provider: codex sends it only if the path reached it
    const codex = new Codex({
      transport: h.transport,
      codexHome: h.codexHome,
      config: { ...h.server.config, "model_providers.codexkit_scripted.http_headers.x-codexkit-dotted": "reached" },
    });
    expect((await codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir }).run("1")).finalResponse)
      .toBe("first");
    expect((await thread.run("2")).finalResponse).toBe("second");
    const [dotted, withOptions] = h.server.model.responseRequests;
    expect(dotted!.headers["x-codexkit-dotted"]).toBe("reached");
    const body = JSON.stringify(withOptions!.body);
    expect(body).toContain("CODEXKIT-BASE-INSTRUCTIONS");
    expect(body).toContain("CODEXKIT-DEVELOPER-INSTRUCTIONS");
    expect((withOptions!.body as { reasoning?: { effort?: string } }).reasoning?.effort).toBe("high");
  });
});
