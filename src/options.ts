/**
 * Options of {@link Codex}, threads and turns, with the valibot schemas that validate them at the edge. Names match
 * `@openai/codex-sdk` so existing call sites keep working.
 *
 * @module
 */
import * as v from "valibot";
import { CodexOptionsError } from "./errors.ts";
import type { Transport } from "./transport.ts";
import type { ApprovalDecisions } from "./thread/approvals.ts";

/** A config value: what codex's `--config key=value` accepts as a TOML literal. */
export type ConfigValue = string | number | boolean | ConfigValue[] | { [key: string]: ConfigValue };

/** A nested config object, flattened to dotted `--config` keys. */
export type ConfigObject = { [key: string]: ConfigValue };

/** Sandbox modes (`--sandbox`). */
export type SandboxMode = "read-only" | "workspace-write" | "danger-full-access";
/** Approval policies (`approval_policy`). */
export type ApprovalMode = "never" | "on-request" | "on-failure" | "untrusted";
/** Reasoning efforts (`model_reasoning_effort`); models list theirs in `model/list`, and new ones pass through. */
export type ModelReasoningEffort =
  | "none"
  | "minimal"
  | "low"
  | "medium"
  | "high"
  | "xhigh"
  | "max"
  | "ultra"
  | (string & {});
/** Web search modes (`web_search`). */
export type WebSearchMode = "disabled" | "cached" | "live";
/**
 * Experimental Cyber access programs (`codex exec --cyber-access-program`, OpenAI provider only); newer codex
 * versions may add programs, which pass through.
 */
export type CyberAccessProgram = "standard" | "daybreak_blue" | "daybreak_red" | (string & {});
/** Who reviews approval requests (`approvals_reviewer`): the user, or codex's automatic reviewer. */
export type ApprovalsReviewer = "user" | "auto_review" | "guardian_subagent" | (string & {});
/** Personalities (`personality`); codex marks the setting deprecated but still applies it. */
export type Personality = "none" | "friendly" | "pragmatic" | (string & {});

const ConfigValueSchema: v.GenericSchema<ConfigValue> = v.union([
  v.string(),
  v.pipe(v.number(), v.finite()),
  v.boolean(),
  v.array(v.lazy(() => ConfigValueSchema)),
  v.record(v.string(), v.lazy(() => ConfigValueSchema)),
]);

const StringMapSchema = v.record(v.string(), v.string());

const Decision = v.union([
  v.picklist(["accept", "acceptForSession", "decline", "cancel"]),
  v.custom<(request: never) => unknown>((x) => typeof x === "function", "must be a decision or a function"),
]);
const ApprovalsSchema = v.looseObject({
  commandExecution: v.optional(Decision),
  fileChange: v.optional(Decision),
  permissions: v.optional(Decision),
  mcpElicitation: v.optional(Decision),
  timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});

/** Schema of {@link CodexOptions} (minus `transport`, which is checked structurally). */
export const CodexOptionsSchema: v.GenericSchema<unknown> = v.looseObject({
  codexPathOverride: v.optional(v.pipe(v.string(), v.nonEmpty())),
  baseUrl: v.optional(v.pipe(v.string(), v.url())),
  apiKey: v.optional(v.string()),
  env: v.optional(StringMapSchema),
  codexHome: v.optional(v.pipe(v.string(), v.nonEmpty())),
  config: v.optional(v.record(v.string(), ConfigValueSchema)),
  configOverrides: v.optional(v.array(v.pipe(v.string(), v.includes("=", "must be a key=value string")))),
  strict: v.optional(v.boolean()),
  backend: v.optional(v.picklist(["exec", "app-server"])),
  appServerPool: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(64))),
  maxLineBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});

/** Schema of {@link ThreadOptions}. */
export const ThreadOptionsSchema: v.GenericSchema<unknown> = v.looseObject({
  model: v.optional(v.pipe(v.string(), v.nonEmpty())),
  sandboxMode: v.optional(v.picklist(["read-only", "workspace-write", "danger-full-access"])),
  workingDirectory: v.optional(v.pipe(v.string(), v.nonEmpty())),
  additionalDirectories: v.optional(v.array(v.pipe(v.string(), v.nonEmpty()))),
  skipGitRepoCheck: v.optional(v.boolean()),
  // open-ended: codex adds efforts per model (0.169 lists max and ultra); the model/list catalog is the authority
  modelReasoningEffort: v.optional(v.pipe(v.string(), v.regex(/^[a-z_]+$/, "must be a reasoning effort such as \"low\" or \"high\""))),
  networkAccessEnabled: v.optional(v.boolean()),
  webSearchMode: v.optional(v.picklist(["disabled", "cached", "live"])),
  webSearchEnabled: v.optional(v.boolean()),
  webSearchCachedEnabled: v.optional(v.boolean()),
  shellSnapshotEnabled: v.optional(v.boolean()),
  backgroundTerminalsEnabled: v.optional(v.boolean()),
  applyPatchFreeformEnabled: v.optional(v.boolean()),
  execPolicyEnabled: v.optional(v.boolean()),
  remoteModelsEnabled: v.optional(v.boolean()),
  requestCompressionEnabled: v.optional(v.boolean()),
  featureOverrides: v.optional(v.record(v.pipe(v.string(), v.regex(/^[a-z0-9_]+$/, "must be a codex feature name")), v.boolean())),
  approvalPolicy: v.optional(v.picklist(["never", "on-request", "on-failure", "untrusted"])),
  configOverrides: v.optional(v.array(v.pipe(v.string(), v.includes("=", "must be a key=value string")))),
  threadSource: v.optional(v.pipe(v.string(), v.nonEmpty())),
  ephemeral: v.optional(v.boolean()),
  profile: v.optional(v.pipe(v.string(), v.nonEmpty())),
  cyberAccessProgram: v.optional(v.pipe(v.string(), v.regex(/^[a-z_]+$/, "must be a program such as \"standard\""))),
  personality: v.optional(v.pipe(v.string(), v.regex(/^[a-z_]+$/, "must be a personality such as \"pragmatic\""))),
  modelInstructionsFile: v.optional(v.pipe(v.string(), v.nonEmpty())),
  approvalsReviewer: v.optional(v.pipe(v.string(), v.regex(/^[a-z_]+$/, "must be a reviewer such as \"user\""))),
  developerInstructions: v.optional(v.string()),
  remote: v.optional(v.pipe(v.string(), v.nonEmpty())),
  remoteAuthTokenEnv: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name"))),
  approvals: v.optional(ApprovalsSchema),
});

/**
 * Options of a {@link Codex} instance: how to find and configure the codex binary.
 */
export interface CodexOptions {
  /** Path of the codex binary to run; skips binary resolution (local transports only). */
  codexPathOverride?: string;
  /** Base URL of the OpenAI-compatible API (`--config openai_base_url=…`). */
  baseUrl?: string;
  /** API key, passed to codex as `CODEX_API_KEY`. */
  apiKey?: string;
  /** Environment for codex. When given it replaces the inherited environment; SDK-required values are still set. */
  env?: Record<string, string>;
  /** `CODEX_HOME` for codex (config, auth and session rollouts live there). */
  codexHome?: string;
  /** Nested config, flattened to `--config dotted.key=<TOML literal>` flags. */
  config?: ConfigObject;
  /** Raw `key=value` overrides, passed as `--config` verbatim after `config`. */
  configOverrides?: string[];
  /** How to reach codex. Defaults to the runtime's process transport when imported on Node. */
  transport?: Transport;
  /** Reject unknown event/item types and malformed lines instead of passing them through. Default `false`. */
  strict?: boolean;
  /** Maximum size of one JSONL line from codex, in bytes. Default 16 MiB. */
  maxLineBytes?: number;
  /**
   * `"exec"` (default): one `codex exec` process per turn. `"app-server"`: one long-lived `codex app-server` per
   * Codex — faster turns, streaming deltas (`item.delta` events), approvals, steering; call `codex.close()` when done.
   */
  backend?: "exec" | "app-server";
  /**
   * App-server backend: run up to this many `codex app-server` processes and spread threads over them (started on
   * demand; a thread stays on one). Default 1. Pays off with many threads starting turns at once.
   */
  appServerPool?: number;
}

/**
 * Options of a thread; each maps to a codex flag or config key (see the README's configuration table).
 */
export interface ThreadOptions {
  /** `--model`. */
  model?: string;
  /** `--sandbox`. */
  sandboxMode?: SandboxMode;
  /** `--cd`: the agent's working root. */
  workingDirectory?: string;
  /** `--add-dir`, repeated: extra writable directories. */
  additionalDirectories?: string[];
  /** `--skip-git-repo-check`. */
  skipGitRepoCheck?: boolean;
  /** `--config model_reasoning_effort=…`. */
  modelReasoningEffort?: ModelReasoningEffort;
  /** `--config sandbox_workspace_write.network_access=…`. */
  networkAccessEnabled?: boolean;
  /** `--config web_search=…`. Wins over the legacy booleans. */
  webSearchMode?: WebSearchMode;
  /** Legacy: `true` → `web_search="live"`, `false` → `"disabled"`. */
  webSearchEnabled?: boolean;
  /** Legacy: `true` → `web_search="cached"`. */
  webSearchCachedEnabled?: boolean;
  /** `--config features.shell_snapshot=…`. */
  shellSnapshotEnabled?: boolean;
  /** `--config features.unified_exec=…` (background terminals). */
  backgroundTerminalsEnabled?: boolean;
  /** `--config features.apply_patch_freeform=…`. */
  applyPatchFreeformEnabled?: boolean;
  /** `false` → `--ignore-rules` (do not load execpolicy `.rules` files). */
  execPolicyEnabled?: boolean;
  /** `--config features.remote_models=…`. */
  remoteModelsEnabled?: boolean;
  /** `--config features.enable_request_compression=…`. */
  requestCompressionEnabled?: boolean;
  /** `--config features.<name>=…` for any feature; the explicit options above win over these. */
  featureOverrides?: Record<string, boolean>;
  /** `--config approval_policy=…`. */
  approvalPolicy?: ApprovalMode;
  /** Raw `key=value` overrides for this thread, after the Codex-level ones. */
  configOverrides?: string[];
  /** `--thread-source`. */
  threadSource?: string;
  /** `--ephemeral`: do not persist the session. */
  ephemeral?: boolean;
  /** `--profile`. */
  profile?: string;
  /**
   * Exec backend: `--cyber-access-program` for every turn of this thread (a turn's own option wins). The app-server
   * backend refuses it (codex offers it there only as an experimental field).
   */
  cyberAccessProgram?: CyberAccessProgram;
  /** `--config personality=…` (app-server: the `personality` param of `thread/start`). */
  personality?: Personality;
  /** `--config model_instructions_file=…`: a file whose text replaces the model's base instructions. */
  modelInstructionsFile?: string;
  /** `--config developer_instructions=…`: extra developer instructions for the thread. */
  developerInstructions?: string;
  /** `--config approvals_reviewer=…` (app-server: the `approvalsReviewer` param of `thread/start`). */
  approvalsReviewer?: ApprovalsReviewer;
  /**
   * Exec backend: `--remote ADDR` — run the turn on an app-server that is already running (`ws://host:port` or
   * `unix://path`) instead of a codex started for the turn. Needs codex ≥ 0.171 (older codex: `CodexVersionError`).
   */
  remote?: string;
  /** Exec backend: `--remote-auth-token-env VAR`, the variable in codex's environment holding the bearer token. */
  remoteAuthTokenEnv?: string;
  /** App-server backend: how to answer approval requests (default: decline). */
  approvals?: ApprovalDecisions;
}

/** Codex options and thread options merged: everything one launch of codex needs, as plain data. */
export interface LaunchOptions
  extends Omit<CodexOptions, "transport" | "strict" | "maxLineBytes" | "backend" | "appServerPool">, Omit<ThreadOptions, "approvals"> {}

function formatIssue(prefix: string, issue: v.BaseIssue<unknown>): CodexOptionsError {
  const path = issue.path?.map((p) => String(p.key)).join(".") ?? "";
  const option = [prefix, path].filter(Boolean).join(".") || prefix || "options";
  const received = issue.received && !issue.message.includes("received") ? ` (received ${issue.received})` : "";
  return new CodexOptionsError(option, `${issue.message}${received}`);
}

/**
 * Validates options against a schema, naming the first bad option.
 *
 * @param schema The schema to check against.
 * @param value The options given by the caller.
 * @param prefix Dotted prefix for the option name in errors.
 * @returns The value, unchanged.
 * @throws {CodexOptionsError} When an option is invalid.
 * @example
 * ```ts
 * validateOptions(ThreadOptionsSchema, { sandboxMode: "read-only" });
 * ```
 */
export function validateOptions<T>(schema: v.GenericSchema<unknown>, value: T, prefix = ""): T {
  if (value === undefined) return value;
  const result = v.safeParse(schema, value);
  if (!result.success) throw formatIssue(prefix, result.issues[0]);
  return value;
}
