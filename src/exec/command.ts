/**
 * The one pure function that turns a {@link LaunchSpec} into argv + env. Every local transport and the remote host
 * use it, so the host never has to accept raw argv from a client.
 *
 * @module
 */
import { CodexOptionsError } from "../errors.ts";
import type { LaunchOptions } from "../options.ts";
import { resolveFeatures, resolveWebSearchMode } from "../launch-features.ts";
import type { LaunchSpec } from "../transport.ts";
import { flattenConfig, tomlLiteral } from "./toml.ts";

/** The `originator` codex reports for requests made through this SDK. */
export const SDK_ORIGINATOR = "codexkit_sdk_ts";

/** Inputs of {@link buildExecCommand} that only the transport knows. */
export interface BuildCommandOptions {
  /** Absolute path of the codex binary. */
  codexPath: string;
  /** The environment to inherit when `options.env` is not given (e.g. the parent process's). */
  baseEnv?: Record<string, string | undefined>;
  /** Where the transport wrote `spec.outputSchema`, required when the spec has one. */
  outputSchemaPath?: string;
  /** Where the transport wrote each of `spec.imageBytes`, in order; required when the spec has them. */
  imageBytesPaths?: string[];
  /**
   * Directories to put first on codex's `PATH` (see {@link prependToPath}): the bundled tools directory of the
   * `@openai/codex` package the transport found codex in. Default: none, and `PATH` is left as it is.
   */
  pathDirs?: string[];
  /** Whether codex runs on Windows, where `PATH` is `;`-separated and its name case-insensitive. Default `false`. */
  windows?: boolean;
}

/** A ready-to-spawn command. */
export interface ExecCommand {
  /** The program to run. */
  command: string;
  /** Its arguments. */
  args: string[];
  /** Its complete environment. */
  env: Record<string, string>;
}

function configArgs(o: LaunchOptions): string[] {
  const pairs = o.config ? flattenConfig(o.config) : [];
  pairs.push(...(o.configOverrides ?? []));
  if (o.baseUrl) pairs.push(`openai_base_url=${tomlLiteral(o.baseUrl)}`);
  if (o.modelReasoningEffort) pairs.push(`model_reasoning_effort=${tomlLiteral(o.modelReasoningEffort)}`);
  if (o.networkAccessEnabled !== undefined) {
    pairs.push(`sandbox_workspace_write.network_access=${o.networkAccessEnabled}`);
  }
  const search = resolveWebSearchMode(o);
  if (search) pairs.push(`web_search=${tomlLiteral(search)}`);
  if (o.approvalPolicy) pairs.push(`approval_policy=${tomlLiteral(o.approvalPolicy)}`);
  if (o.approvalsReviewer) pairs.push(`approvals_reviewer=${tomlLiteral(o.approvalsReviewer)}`);
  if (o.personality) pairs.push(`personality=${tomlLiteral(o.personality)}`);
  if (o.modelInstructionsFile) pairs.push(`model_instructions_file=${tomlLiteral(o.modelInstructionsFile)}`);
  if (o.developerInstructions !== undefined) {
    pairs.push(`developer_instructions=${tomlLiteral(o.developerInstructions)}`);
  }
  for (const [feature, enabled] of Object.entries(resolveFeatures(o))) pairs.push(`features.${feature}=${enabled}`);
  return pairs.flatMap((pair) => ["--config", pair]);
}

function threadFlags(o: LaunchOptions): string[] {
  const args: string[] = [];
  if (o.model) args.push("--model", o.model);
  if (o.sandboxMode) args.push("--sandbox", o.sandboxMode);
  if (o.workingDirectory) args.push("--cd", o.workingDirectory);
  for (const dir of o.additionalDirectories ?? []) args.push("--add-dir", dir);
  if (o.skipGitRepoCheck) args.push("--skip-git-repo-check");
  if (o.execPolicyEnabled === false) args.push("--ignore-rules");
  if (o.threadSource) args.push("--thread-source", o.threadSource);
  if (o.ephemeral) args.push("--ephemeral");
  if (o.profile) args.push("--profile", o.profile);
  if (o.cyberAccessProgram) args.push("--cyber-access-program", o.cyberAccessProgram);
  return args;
}

// `codex exec --remote` takes only the prompt, a resume id and output options ("configure the agent on the
// server"): anything else is refused here, by name, rather than by codex after it started.
function remoteExecArgs(spec: LaunchSpec & { mode: "exec" }): string[] {
  const o = spec.options;
  const refused = [...configArgs(o).filter((a) => a !== "--config"), ...threadFlags(o)]
    .filter((a) => a.startsWith("--") && a !== "--skip-git-repo-check" || /^[\w.]+=/.test(a));
  if (spec.outputSchema) refused.push("--output-schema");
  if (spec.images?.length || spec.imageBytes?.length) refused.push("--image");
  if (spec.resume !== undefined && typeof spec.resume !== "string") refused.push("resume --last");
  if (refused.length > 0) {
    throw new CodexOptionsError(
      "remote",
      `codex exec --remote takes only the prompt and a thread id; configure the agent on the app-server instead of ${
        refused.map((a) => a.replace(/=.*/, "")).join(", ")
      }`,
    );
  }
  const args = ["exec", "--json", "--remote", o.remote!];
  if (o.remoteAuthTokenEnv) args.push("--remote-auth-token-env", o.remoteAuthTokenEnv);
  if (o.skipGitRepoCheck) args.push("--skip-git-repo-check");
  if (typeof spec.resume === "string") args.push("resume", spec.resume);
  return args;
}

/**
 * The environment codex runs with: `options.env` when given (replacing the inherited one), else `baseEnv`; then the
 * values the SDK needs are set on top. ({@link buildExecCommand} then puts `pathDirs` first on its `PATH`.)
 *
 * @param o Launch options.
 * @param baseEnv The inherited environment.
 * @returns The complete environment.
 * @example
 * ```ts
 * buildEnv({ apiKey: "sk-…" }, { HOME: "/home/me" }).CODEX_API_KEY; // "sk-…"
 * ```
 */
export function buildEnv(o: LaunchOptions, baseEnv: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, val] of Object.entries(o.env ?? baseEnv)) if (val !== undefined) env[k] = val;
  if (!env.CODEX_INTERNAL_ORIGINATOR_OVERRIDE) env.CODEX_INTERNAL_ORIGINATOR_OVERRIDE = SDK_ORIGINATOR;
  if (o.apiKey !== undefined) env.CODEX_API_KEY = o.apiKey;
  if (o.codexHome !== undefined) env.CODEX_HOME = o.codexHome;
  return env;
}

/**
 * Puts `dirs` first on an environment's `PATH`, each exactly once: the rest keeps its order, minus the entries equal
 * to one of `dirs` and the empty ones. On Windows the variable is found whatever its case (`Path` wins; the other
 * spellings are dropped, so the child sees one) and entries are `;`-separated; elsewhere it is `PATH`, `:`-separated.
 * The transports use it the way `@openai/codex-sdk` does: for the tools directory of the codex package (`rg`).
 *
 * @param env The environment; left unchanged.
 * @param dirs Directories to put first, in order.
 * @param options `windows`: use Windows' conventions.
 * @returns A new environment (`env` itself when `dirs` is empty).
 * @example
 * ```ts
 * prependToPath({ PATH: "/usr/bin:/opt/tools" }, ["/opt/tools"]).PATH; // "/opt/tools:/usr/bin"
 * ```
 */
export function prependToPath(
  env: Record<string, string>,
  dirs: string[],
  options: { windows?: boolean } = {},
): Record<string, string> {
  if (dirs.length === 0) return env;
  const out = { ...env };
  let name = "PATH";
  if (options.windows) {
    const names = Object.keys(out).filter((k) => k.toUpperCase() === "PATH");
    name = names.includes("Path") ? "Path" : names[names.length - 1] ?? "PATH";
    for (const other of names) if (other !== name) delete out[other];
  }
  const separator = options.windows ? ";" : ":";
  const rest = (out[name] ?? "").split(separator).filter((entry) => entry !== "" && !dirs.includes(entry));
  out[name] = [...dirs, ...rest].join(separator);
  return out;
}

/**
 * Builds the argv and environment for a launch spec.
 *
 * @param spec What to run.
 * @param options The binary path, inherited env, output schema file and the directories to put first on `PATH`.
 * @returns The command to spawn.
 * @throws {CodexOptionsError} When the spec has an output schema but no file was given, a config value is invalid,
 * or `remote` is combined with options `codex exec --remote` does not take.
 * @example
 * ```ts
 * const cmd = buildExecCommand({ mode: "exec", options: { model: "gpt-5" } }, { codexPath: "/usr/bin/codex" });
 * // cmd.args: ["exec", "--json", "--model", "gpt-5"]
 * ```
 */
export function buildExecCommand(spec: LaunchSpec, options: BuildCommandOptions): ExecCommand {
  const o = spec.options;
  const env = prependToPath(buildEnv(o, options.baseEnv), options.pathDirs ?? [], { windows: options.windows });
  if (spec.mode === "app-server") {
    return { command: options.codexPath, args: ["app-server", ...configArgs(o)], env };
  }
  if (o.remoteAuthTokenEnv !== undefined && o.remote === undefined) {
    throw new CodexOptionsError("remoteAuthTokenEnv", "it needs `remote` (the app-server to connect to)");
  }
  if (o.remote !== undefined) return { command: options.codexPath, args: remoteExecArgs(spec), env };
  // --thread-source classifies a thread when it is created: not on resume (as @openai/codex-sdk)
  const flags = spec.resume === undefined ? threadFlags(o) : threadFlags({ ...o, threadSource: undefined });
  const args = ["exec", "--json", ...configArgs(o), ...flags];
  if (spec.outputSchema) {
    if (!options.outputSchemaPath) {
      throw new CodexOptionsError("outputSchema", "the transport did not provide a schema file path");
    }
    args.push("--output-schema", options.outputSchemaPath);
  }
  if (spec.resume !== undefined) {
    args.push("resume");
    if (typeof spec.resume === "string") args.push(spec.resume);
    else args.push("--last", "--all");
  }
  const written = spec.imageBytes?.length ?? 0;
  if (written > 0 && options.imageBytesPaths?.length !== written) {
    throw new CodexOptionsError("imageBytes", "the transport did not provide a file path for each image");
  }
  for (const image of [...spec.images ?? [], ...written > 0 ? options.imageBytesPaths! : []]) args.push("--image", image);
  return { command: options.codexPath, args, env };
}
