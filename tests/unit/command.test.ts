// buildExecCommand is the only place options become argv/env, so every option's flag is pinned here; the
// spelling of a flag or config key is exactly what a codex upgrade could silently break.
import { describe, expect, it } from "vitest";
import {
  buildEnv,
  buildExecCommand,
  Codex,
  type ExecLaunchSpec,
  flattenConfig,
  isCodexOptionsError,
  type LaunchOptions,
  prependToPath,
  SDK_ORIGINATOR,
  tomlKey,
  tomlLiteral,
} from "@codexkit/sdk";
import { MemoryTransport } from "@codexkit/sdk/memory";

const CODEX = "/opt/codex/bin/codex";
const args = (options: LaunchOptions, spec: Partial<ExecLaunchSpec> = {}) =>
  buildExecCommand({ mode: "exec", options, ...spec }, { codexPath: CODEX }).args;

/** The values of every `--config` flag, in order. */
const configs = (argv: string[]) => argv.flatMap((a, i) => (argv[i - 1] === "--config" ? [a] : []));

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("buildExecCommand: exec argv", () => {
  it("runs `codex exec --json` with nothing else by default", () => {
    const cmd = buildExecCommand({ mode: "exec", options: {} }, { codexPath: CODEX });
    expect(cmd.command).toBe(CODEX);
    expect(cmd.args).toEqual(["exec", "--json"]);
  });

  it("maps every thread flag option to its flag", () => {
    expect(args({
      model: "gpt-5",
      sandboxMode: "workspace-write",
      workingDirectory: "/work",
      additionalDirectories: ["/a", "/b c"],
      skipGitRepoCheck: true,
      execPolicyEnabled: false,
      threadSource: "ci",
      ephemeral: true,
      profile: "fast",
    })).toEqual([
      ...["exec", "--json", "--model", "gpt-5", "--sandbox", "workspace-write", "--cd", "/work"],
      ...["--add-dir", "/a", "--add-dir", "/b c", "--skip-git-repo-check", "--ignore-rules"],
      ...["--thread-source", "ci", "--ephemeral", "--profile", "fast"],
    ]);
  });

  it("emits no flag for booleans that keep codex's default", () => {
    expect(args({ skipGitRepoCheck: false, ephemeral: false, execPolicyEnabled: true, additionalDirectories: [] }))
      .toEqual(["exec", "--json"]);
  });

  it("maps config-backed options to --config key=<TOML literal>", () => {
    expect(configs(args({ modelReasoningEffort: "high" }))).toEqual(['model_reasoning_effort="high"']);
    expect(configs(args({ networkAccessEnabled: true }))).toEqual(["sandbox_workspace_write.network_access=true"]);
    expect(configs(args({ networkAccessEnabled: false }))).toEqual(["sandbox_workspace_write.network_access=false"]);
    expect(configs(args({ approvalPolicy: "on-request" }))).toEqual(['approval_policy="on-request"']);
    expect(configs(args({ baseUrl: "http://127.0.0.1:9/v1" }))).toEqual(['openai_base_url="http://127.0.0.1:9/v1"']);
  });

  it.each([
    [{ webSearchMode: "cached" }, "cached"],
    [{ webSearchMode: "live" }, "live"],
    [{ webSearchEnabled: true }, "live"],
    [{ webSearchEnabled: false }, "disabled"],
    [{ webSearchCachedEnabled: true }, "cached"],
    // webSearchMode wins over both legacy booleans
    [{ webSearchMode: "disabled", webSearchEnabled: true, webSearchCachedEnabled: true }, "disabled"],
    // the more specific legacy flag wins
    [{ webSearchEnabled: true, webSearchCachedEnabled: true }, "cached"],
  ] as Array<[LaunchOptions, string]>)("web search %o → %s", (options, mode) => {
    expect(configs(args(options))).toEqual([`web_search="${mode}"`]);
  });

  it("sets no web_search when no web search option is given", () => {
    expect(configs(args({ webSearchCachedEnabled: false }))).toEqual([]);
  });

  it.each([
    ["shellSnapshotEnabled", "shell_snapshot"],
    ["backgroundTerminalsEnabled", "unified_exec"],
    ["applyPatchFreeformEnabled", "apply_patch_freeform"],
    ["remoteModelsEnabled", "remote_models"],
    ["requestCompressionEnabled", "enable_request_compression"],
  ] as const)("%s maps to features.%s", (option, feature) => {
    expect(configs(args({ [option]: true }))).toEqual([`features.${feature}=true`]);
    expect(configs(args({ [option]: false }))).toEqual([`features.${feature}=false`]);
  });

  it("passes featureOverrides, with explicit options winning and no duplicate keys", () => {
    expect(configs(args({
      featureOverrides: { shell_snapshot: true, collab: false },
      shellSnapshotEnabled: false,
    }))).toEqual(["features.shell_snapshot=false", "features.collab=false"]);
  });

  it("puts config before configOverrides, so raw overrides win in codex's last-wins order", () => {
    expect(configs(args({ config: { model: "a" }, configOverrides: ["model=\"b\"", "x.y=1"] })))
      .toEqual(['model="a"', 'model="b"', "x.y=1"]);
  });

  it("adds --output-schema with the transport's file, and requires that file", () => {
    const spec: ExecLaunchSpec = { mode: "exec", options: {}, outputSchema: { type: "object" } };
    expect(buildExecCommand(spec, { codexPath: CODEX, outputSchemaPath: "/tmp/s.json" }).args)
      .toEqual(["exec", "--json", "--output-schema", "/tmp/s.json"]);
    const err = thrown(() => buildExecCommand(spec, { codexPath: CODEX }));
    expect(isCodexOptionsError(err) && err.option).toBe("outputSchema");
  });

  it("resumes by id or the newest session, with images after the resume subcommand", () => {
    expect(args({ model: "m" }, { resume: "thread-9" }))
      .toEqual(["exec", "--json", "--model", "m", "resume", "thread-9"]);
    expect(args({}, { resume: { last: true } })).toEqual(["exec", "--json", "resume", "--last", "--all"]);
    expect(args({}, { resume: "t", images: ["a.png", "b c.jpg"] }))
      .toEqual(["exec", "--json", "resume", "t", "--image", "a.png", "--image", "b c.jpg"]);
    expect(args({}, { images: ["a.png"] })).toEqual(["exec", "--json", "--image", "a.png"]);
  });

  it("runs app-server with config flags only", () => {
    const cmd = buildExecCommand({
      mode: "app-server",
      options: { model: "m", sandboxMode: "read-only", config: { a: 1 }, approvalPolicy: "never", apiKey: "k" },
    }, { codexPath: CODEX });
    expect(cmd.command).toBe(CODEX);
    expect(cmd.args).toEqual(["app-server", "--config", "a=1", "--config", 'approval_policy="never"']);
    expect(cmd.env.CODEX_API_KEY).toBe("k");
  });
});

describe("Codex and thread options reach the argv", () => {
  async function launched(codexOptions: ConstructorParameters<typeof Codex>[0], threadOptions = {}) {
    const transport = MemoryTransport.fromLines([
      { type: "thread.started", thread_id: "t" },
      { type: "turn.completed", usage: {} },
    ]);
    await new Codex({ ...codexOptions, transport }).startThread(threadOptions).run("hi");
    return buildExecCommand(transport.launches[0]!, { codexPath: CODEX, baseEnv: {} });
  }

  it("flattens Codex-level config and passes Codex-level configOverrides", async () => {
    const cmd = await launched({ config: { a: { b: "c" } }, configOverrides: ["x=1"], baseUrl: "http://h/v1" }, {
      model: "m",
    });
    expect(configs(cmd.args)).toEqual(['a.b="c"', "x=1", 'openai_base_url="http://h/v1"']);
    expect(cmd.args).toContain("--model");
  });

  // ThreadOptions.configOverrides is documented as "after the Codex-level ones"; the thread's spread of options
  // (src/thread/thread.ts, #launchOptions) replaces the Codex-level array instead.
  it("keeps Codex-level configOverrides and appends the thread's after them", async () => {
    const cmd = await launched({ configOverrides: ["codex_level=1"] }, { configOverrides: ["thread_level=2"] });
    expect(configs(cmd.args)).toEqual(["codex_level=1", "thread_level=2"]);
  });
});

describe("buildEnv", () => {
  it("inherits baseEnv minus undefined values and sets the SDK originator", () => {
    expect(SDK_ORIGINATOR).toBe("codexkit_sdk_ts");
    expect(buildEnv({}, { HOME: "/home/u", GONE: undefined })).toEqual({
      HOME: "/home/u",
      CODEX_INTERNAL_ORIGINATOR_OVERRIDE: "codexkit_sdk_ts",
    });
    expect(buildEnv({})).toEqual({ CODEX_INTERNAL_ORIGINATOR_OVERRIDE: "codexkit_sdk_ts" });
  });

  it("keeps an originator the caller already set", () => {
    const env = buildEnv({}, { CODEX_INTERNAL_ORIGINATOR_OVERRIDE: "mine" });
    expect(env.CODEX_INTERNAL_ORIGINATOR_OVERRIDE).toBe("mine");
  });

  it("maps apiKey to CODEX_API_KEY and codexHome to CODEX_HOME, over inherited values", () => {
    const env = buildEnv({ apiKey: "sk-new", codexHome: "/h" }, { CODEX_API_KEY: "sk-old", CODEX_HOME: "/old" });
    expect(env.CODEX_API_KEY).toBe("sk-new");
    expect(env.CODEX_HOME).toBe("/h");
  });

  it("replaces the inherited environment with `env`, still injecting required values", () => {
    const env = buildEnv({ env: { PATH: "/bin" }, apiKey: "sk" }, { HOME: "/home/u", SECRET: "s" });
    expect(env).toEqual({ PATH: "/bin", CODEX_INTERNAL_ORIGINATOR_OVERRIDE: "codexkit_sdk_ts", CODEX_API_KEY: "sk" });
  });

  it("is the env buildExecCommand spawns with", () => {
    const spec = { mode: "exec", options: { codexHome: "/h" } } as const;
    const cmd = buildExecCommand(spec, { codexPath: CODEX, baseEnv: { A: "1" } });
    expect(cmd.env).toEqual({ A: "1", CODEX_INTERNAL_ORIGINATOR_OVERRIDE: "codexkit_sdk_ts", CODEX_HOME: "/h" });
  });
});

describe("prependToPath: the codex package's tools first on PATH (as @openai/codex-sdk)", () => {
  const TOOLS = "/pkg/vendor/x86_64-unknown-linux-musl/codex-path";

  it("puts the directories first, once, keeping the rest in order minus empty entries", () => {
    expect(prependToPath({ PATH: "/usr/bin:/bin", HOME: "/h" }, [TOOLS])).toEqual({
      PATH: `${TOOLS}:/usr/bin:/bin`,
      HOME: "/h",
    });
    expect(prependToPath({ PATH: `/usr/bin:${TOOLS}::/bin:` }, [TOOLS]).PATH).toBe(`${TOOLS}:/usr/bin:/bin`);
    expect(prependToPath({ PATH: `${TOOLS}:/usr/bin` }, [TOOLS]).PATH).toBe(`${TOOLS}:/usr/bin`);
    expect(prependToPath({ PATH: "/bin" }, ["/a", "/b"]).PATH).toBe("/a:/b:/bin");
  });

  it("sets PATH to the directories alone when there is none, and leaves env untouched", () => {
    const env = { HOME: "/h" };
    expect(prependToPath(env, [TOOLS])).toEqual({ HOME: "/h", PATH: TOOLS });
    expect(prependToPath({ PATH: "" }, [TOOLS])).toEqual({ PATH: TOOLS });
    expect(env).toEqual({ HOME: "/h" });
  });

  it("changes nothing without directories", () => {
    const env = { PATH: "/usr/bin::/bin" };
    expect(prependToPath(env, [])).toBe(env);
    expect(prependToPath(env, [], { windows: true })).toBe(env);
  });

  it("on Windows: `;`, the variable whatever its case (Path wins, one spelling left), no effect on `:`", () => {
    const tools = "C:\\pkg\\codex-path";
    expect(prependToPath({ Path: "C:\\Windows;C:\\bin", PATH: "ignored" }, [tools], { windows: true })).toEqual({
      Path: `${tools};C:\\Windows;C:\\bin`,
    });
    expect(prependToPath({ path: `C:\\a;${tools};` }, [tools], { windows: true })).toEqual({ path: `${tools};C:\\a` });
    expect(prependToPath({ PATH: "C:\\a" }, [tools], { windows: true })).toEqual({ PATH: `${tools};C:\\a` });
    expect(prependToPath({}, [tools], { windows: true })).toEqual({ PATH: tools });
    // elsewhere the name is case-sensitive: `Path` is another variable
    expect(prependToPath({ Path: "/x" }, ["/t"])).toEqual({ Path: "/x", PATH: "/t" });
  });

  it("is applied by buildExecCommand in both modes, on top of `env` when given (its PATH is the base)", () => {
    const base = { PATH: "/usr/bin", HOME: "/h" };
    for (const mode of ["exec", "app-server"] as const) {
      const cmd = buildExecCommand({ mode, options: {} }, { codexPath: CODEX, baseEnv: base, pathDirs: [TOOLS] });
      expect(cmd.env.PATH).toBe(`${TOOLS}:/usr/bin`);
      const own = buildExecCommand({ mode, options: { env: { PATH: "/mine" } } }, {
        codexPath: CODEX,
        baseEnv: base,
        pathDirs: [TOOLS],
      });
      expect(own.env).toEqual({ PATH: `${TOOLS}:/mine`, CODEX_INTERNAL_ORIGINATOR_OVERRIDE: SDK_ORIGINATOR });
      const noPath = buildExecCommand({ mode, options: { env: { A: "1" } } }, { codexPath: CODEX, pathDirs: [TOOLS] });
      expect(noPath.env.PATH).toBe(TOOLS);
      expect(buildExecCommand({ mode, options: {} }, { codexPath: CODEX, baseEnv: base }).env.PATH).toBe("/usr/bin");
    }
    const win = buildExecCommand({ mode: "exec", options: {} }, {
      codexPath: CODEX,
      baseEnv: { Path: "C:\\bin" },
      pathDirs: ["C:\\tools"],
      windows: true,
    });
    expect(win.env.Path).toBe("C:\\tools;C:\\bin");
  });
});

describe("flattenConfig / tomlLiteral / tomlKey", () => {
  it("flattens nested objects into dotted keys with TOML literals", () => {
    expect(flattenConfig({
      model: "gpt-5",
      model_providers: { mock: { base_url: "http://x", retries: 0, ws: false, ratio: 0.5 } },
    })).toEqual([
      'model="gpt-5"',
      'model_providers.mock.base_url="http://x"',
      "model_providers.mock.retries=0",
      "model_providers.mock.ws=false",
      "model_providers.mock.ratio=0.5",
    ]);
  });

  it("writes arrays, nested arrays and objects inside arrays as inline tables", () => {
    expect(flattenConfig({ list: ["a", 1, true, [2, 3]] })).toEqual(['list=["a", 1, true, [2, 3]]']);
    expect(flattenConfig({ servers: [{ name: "x", args: ["-v"], env: { K: "v" } }] }))
      .toEqual(['servers=[{name = "x", args = ["-v"], env = {K = "v"}}]']);
  });

  // codex splits a -c key on every dot, quotes or not: a quoted segment would reach codex with its quotes.
  it("writes a dotted key as a path, never quoted, as @openai/codex-sdk does", () => {
    expect(flattenConfig({ "analytics.enabled": true })).toEqual(["analytics.enabled=true"]);
    expect(flattenConfig({ features: { "x.y": false }, "a.b": { c: 1 } })).toEqual(["features.x.y=false", "a.b.c=1"]);
    expect(flattenConfig({ "the key": 1 })).toEqual(["the key=1"]);
  });

  it("refuses config keys codex could not read back, naming the path", () => {
    for (const [config, option] of [
      [{ "a=b": 1 }, "config.a=b"],
      [{ m: { '"quoted.key"': 1 } }, 'config.m."quoted.key"'],
      [{ "a..b": 1 }, "config.a..b"],
      [{ "": 1 }, "config."],
      [{ "new\nline": 1 }, "config.new\nline"],
    ] as const) {
      const err = thrown(() => flattenConfig(config as Record<string, number>));
      expect(isCodexOptionsError(err), option).toBe(true);
      expect((err as { option: string }).option).toBe(option);
    }
  });

  it("quotes keys inside inline tables, where TOML quoting is read as TOML", () => {
    expect(tomlKey("snake_case-Key9")).toBe("snake_case-Key9");
    expect(tomlKey("my.server")).toBe('"my.server"');
    expect(tomlKey('a"b')).toBe('"a\\"b"');
    expect(tomlLiteral([{ "a b": 1 }])).toBe('[{"a b" = 1}]');
  });

  it("escapes strings as TOML basic strings", () => {
    expect(tomlLiteral('say "hi"\n\\ \t')).toBe('"say \\"hi\\"\\n\\\\ \\t"');
    expect(tomlLiteral("\u0001")).toBe('"\\u0001"');
  });

  // TOML forbids an unescaped DEL (U+007F) in basic strings; JSON.stringify leaves it raw (src/exec/toml.ts).
  it("escapes DEL, which TOML basic strings may not contain raw", () => {
    const out = tomlLiteral("a\u007fb");
    expect(out).not.toContain("\u007f");
    expect(JSON.parse(out)).toBe("a\u007fb");
  });

  it("skips undefined values", () => {
    expect(flattenConfig({ a: undefined, b: 1 } as unknown as Record<string, number>)).toEqual(["b=1"]);
  });

  it("rejects non-finite numbers and null with a CodexOptionsError naming the path", () => {
    const cases: Array<[() => unknown, string]> = [
      [() => flattenConfig({ a: { b: Number.POSITIVE_INFINITY } }), "config.a.b"],
      [() => flattenConfig({ a: [1, Number.NaN] }), "config.a[1]"],
      [() => flattenConfig({ list: [{ x: Number.NEGATIVE_INFINITY }] }), "config.list[0].x"],
      [() => flattenConfig({ a: null } as never), "config.a"],
      [() => tomlLiteral(Number.NaN, "custom.path"), "custom.path"],
      [() => tomlLiteral(undefined as never), "config"],
    ];
    for (const [fn, option] of cases) {
      const err = thrown(fn);
      expect(isCodexOptionsError(err), option).toBe(true);
      expect((err as { option: string }).option).toBe(option);
    }
  });

  it("fails buildExecCommand on a bad config value instead of passing it on", () => {
    const err = thrown(() => args({ config: { t: Number.NaN } }));
    expect(isCodexOptionsError(err) && err.option).toBe("config.t");
  });
});

describe("buildExecCommand: options newer codex versions added", () => {
  it("maps cyberAccessProgram to --cyber-access-program (as @openai/codex-sdk does)", () => {
    expect(args({ cyberAccessProgram: "daybreak_blue" })).toEqual(["exec", "--json", "--cyber-access-program", "daybreak_blue"]);
  });

  it("writes personality and the instruction options as config keys codex reads", () => {
    expect(configs(args({ personality: "pragmatic", modelInstructionsFile: "/i.md", developerInstructions: 'say "hi"' })))
      .toEqual(['personality="pragmatic"', 'model_instructions_file="/i.md"', 'developer_instructions="say \\"hi\\""']);
  });

  it("runs exec --remote with only what codex exec --remote takes", () => {
    expect(args({ remote: "ws://127.0.0.1:4500", remoteAuthTokenEnv: "TOKEN", skipGitRepoCheck: true }, { resume: "t-1" }))
      .toEqual([
        "exec",
        "--json",
        "--remote",
        "ws://127.0.0.1:4500",
        "--remote-auth-token-env",
        "TOKEN",
        "--skip-git-repo-check",
        "resume",
        "t-1",
      ]);
  });

  it("refuses, by name, what codex exec --remote would refuse after starting", () => {
    const cases: Array<[LaunchOptions, Partial<ExecLaunchSpec>, string[]]> = [
      [{ model: "m", config: { a: { b: 1 } } }, {}, ["a.b", "--model"]],
      [{ sandboxMode: "read-only" }, { outputSchema: { type: "object" } }, ["--sandbox", "--output-schema"]],
      [{}, { images: ["/x.png"], resume: { last: true } }, ["--image", "resume --last"]],
    ];
    for (const [options, spec, named] of cases) {
      const err = thrown(() =>
        buildExecCommand({ mode: "exec", options: { ...options, remote: "ws://127.0.0.1:1" }, ...spec }, {
          codexPath: CODEX,
          outputSchemaPath: "/s.json",
        })
      );
      expect(isCodexOptionsError(err) && err.option).toBe("remote");
      for (const n of named) expect((err as Error).message).toContain(n);
    }
    const orphan = thrown(() => args({ remoteAuthTokenEnv: "TOKEN" }));
    expect(isCodexOptionsError(orphan) && orphan.option).toBe("remoteAuthTokenEnv");
  });

  it("validates the new thread options at the edge", () => {
    const codex = new Codex({ transport: new MemoryTransport(async () => {}) });
    for (const [options, option] of [
      [{ remoteAuthTokenEnv: "NOT-A-VAR" }, "remoteAuthTokenEnv"],
      [{ cyberAccessProgram: "--evil" }, "cyberAccessProgram"],
      [{ personality: "Loud Voice" }, "personality"],
    ] as const) {
      const err = thrown(() => codex.startThread(options as never));
      expect(isCodexOptionsError(err) && err.option, option).toBe(option);
    }
  });
});

describe("buildExecCommand: parity details", () => {
  it("passes --thread-source only when the thread is created, not on resume (as @openai/codex-sdk)", () => {
    expect(args({ threadSource: "ci" })).toContain("--thread-source");
    expect(args({ threadSource: "ci" }, { resume: "t-1" })).not.toContain("--thread-source");
  });
});
