/**
 * How the feature and web-search options of a thread become codex settings. The same mapping serves every way codex
 * is configured — `--config` flags (exec, app-server launch), `thread/start` config (app-server backend) and the
 * relay's launch frame — so it lives here once.
 *
 * @module
 */
import type { LaunchOptions, WebSearchMode } from "./options.ts";

// Named options and the codex `features.*` flag each one sets.
const FEATURE_FLAGS = [
  ["shellSnapshotEnabled", "shell_snapshot"],
  ["backgroundTerminalsEnabled", "unified_exec"],
  ["applyPatchFreeformEnabled", "apply_patch_freeform"],
  ["remoteModelsEnabled", "remote_models"],
  ["requestCompressionEnabled", "enable_request_compression"],
] as const;

/**
 * The codex features a launch turns on or off: `featureOverrides`, with the named options (`shellSnapshotEnabled`,
 * …) winning over them.
 *
 * @param o Launch options.
 * @returns Feature name → enabled, for `features.<name>`.
 * @example
 * ```ts
 * resolveFeatures({ featureOverrides: { shell_snapshot: true }, shellSnapshotEnabled: false }); // { shell_snapshot: false }
 * ```
 */
export function resolveFeatures(o: LaunchOptions): Record<string, boolean> {
  const features: Record<string, boolean> = { ...o.featureOverrides };
  for (const [option, feature] of FEATURE_FLAGS) {
    const value = o[option];
    if (value !== undefined) features[feature] = value;
  }
  return features;
}

/**
 * The web search mode a launch asks for: `webSearchMode`, else the legacy `webSearchCachedEnabled` /
 * `webSearchEnabled` booleans, else none (codex's default).
 *
 * @param o Launch options.
 * @returns The mode, or `undefined` to leave codex's default.
 * @example
 * ```ts
 * resolveWebSearchMode({ webSearchEnabled: true }); // "live"
 * ```
 */
export function resolveWebSearchMode(o: LaunchOptions): WebSearchMode | undefined {
  if (o.webSearchMode) return o.webSearchMode;
  if (o.webSearchCachedEnabled) return "cached";
  if (o.webSearchEnabled !== undefined) return o.webSearchEnabled ? "live" : "disabled";
  return undefined;
}
