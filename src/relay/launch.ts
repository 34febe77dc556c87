/**
 * The client half of launching over the relay: a {@link LaunchSpec} becomes an `OpenChannel` request of typed
 * options. What only the host may decide (binary, environment, `CODEX_HOME`, API key, base URL, profile, raw
 * `--config` strings) is refused here with a clear error instead of being silently dropped.
 *
 * @module
 */
import { CodexOptionsError } from "../errors.ts";
import { resolveFeatures, resolveWebSearchMode } from "../launch-features.ts";
import type { LaunchOptions } from "../options.ts";
import type { LaunchSpec } from "../transport.ts";
import type { ClientFrameInit } from "./client-codec.ts";

const HOST_OWNED: ReadonlyArray<keyof LaunchOptions> = [
  "codexPathOverride",
  "env",
  "codexHome",
  "apiKey",
  "baseUrl",
  "profile",
  "configOverrides",
];

type OpenInit = Extract<NonNullable<ClientFrameInit["frame"]>, { case: "open" }>["value"];

function wireOptions(o: LaunchOptions) {
  for (const key of HOST_OWNED) {
    if (o[key] !== undefined) {
      throw new CodexOptionsError(key, "is decided by the codex host and cannot be set over the websocket transport");
    }
  }
  if (o.execPolicyEnabled === false) {
    throw new CodexOptionsError("execPolicyEnabled", "cannot be turned off over the websocket transport");
  }
  const features = resolveFeatures(o);
  const web = resolveWebSearchMode(o);
  return {
    ...(o.model !== undefined ? { model: o.model } : {}),
    ...(o.sandboxMode !== undefined ? { sandboxMode: o.sandboxMode } : {}),
    ...(o.workingDirectory !== undefined ? { workingDirectory: o.workingDirectory } : {}),
    additionalDirectories: o.additionalDirectories ?? [],
    ...(o.skipGitRepoCheck !== undefined ? { skipGitRepoCheck: o.skipGitRepoCheck } : {}),
    ...(o.modelReasoningEffort !== undefined ? { modelReasoningEffort: o.modelReasoningEffort } : {}),
    ...(o.networkAccessEnabled !== undefined ? { networkAccessEnabled: o.networkAccessEnabled } : {}),
    ...(web !== undefined ? { webSearchMode: web } : {}),
    ...(o.approvalPolicy !== undefined ? { approvalPolicy: o.approvalPolicy } : {}),
    featureOverrides: features,
    ...(o.config !== undefined ? { config: o.config } : {}),
    ...(o.ephemeral !== undefined ? { ephemeral: o.ephemeral } : {}),
    ...(o.threadSource !== undefined ? { threadSource: o.threadSource } : {}),
  };
}

/**
 * Builds the `OpenChannel` request for a launch spec.
 *
 * @param channel The channel number.
 * @param spec What to run.
 * @param maxLineBytes The largest line the client accepts (0: the host's limit).
 * @returns The request.
 * @throws {CodexOptionsError} When the spec sets an option only the host may decide.
 * @example
 * ```ts
 * toOpenChannel(1, { mode: "exec", options: { model: "gpt-5" } }, 0);
 * ```
 */
export function toOpenChannel(channel: number, spec: LaunchSpec, maxLineBytes: number): OpenInit {
  const options = wireOptions(spec.options);
  const base = { channel, maxLineBytes: BigInt(maxLineBytes) };
  if (spec.mode === "app-server") return { ...base, launch: { case: "appServer", value: { options } } };
  return {
    ...base,
    launch: {
      case: "exec",
      value: {
        options,
        ...(typeof spec.resume === "string" ? { resumeThreadId: spec.resume } : {}),
        ...(typeof spec.resume === "object" ? { resumeLast: true } : {}),
        imagePaths: spec.images ?? [],
        images: spec.imageBytes ?? [],
        ...(spec.outputSchema ? { outputSchema: spec.outputSchema as never } : {}),
      },
    },
  };
}
