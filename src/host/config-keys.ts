/**
 * The allow-list of codex config keys a remote client may set. A codex config can run programs (`notify`,
 * `mcp_servers`, `shell_environment_policy`) and redirect traffic (`model_provider(s)`, base URLs, profiles), so the
 * host accepts only keys on its allow-list, and never those on {@link FORBIDDEN_CONFIG_KEYS}, whatever the
 * allow-list says.
 *
 * @module
 */

/** Keys a client may set by default (`prefix.*` matches every key below `prefix`). */
export const DEFAULT_CONFIG_KEYS: readonly string[] = [
  "model",
  "model_reasoning_effort",
  "model_reasoning_summary",
  "model_verbosity",
  "web_search",
  "hide_agent_reasoning",
  "show_raw_agent_reasoning",
  "features.*",
  "sandbox_workspace_write.network_access",
  "sandbox_workspace_write.writable_roots",
];

/**
 * Keys never accepted from a client, even when an allow-list pattern matches: any segment of a dotted key matching
 * one of these patterns refuses the key.
 */
export const FORBIDDEN_CONFIG_KEYS: readonly RegExp[] = [
  /^notify$/,
  /^model_providers?$/,
  /^mcp_servers$/,
  /^shell_environment_policy$/,
  /^profiles?$/,
  /base_url/,
  /^experimental_/,
  /^sandbox_mode$/,
  /^approval_policy$/,
  /^approvals_reviewer$/,
  /instructions_file$/,
  /^otel$/,
  /^history$/,
  /^projects$/,
  /command/,
  /^env/,
];

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * Whether a dotted config key may be set by a client.
 *
 * @param key The dotted key (`features.web_search`).
 * @param allow The allow-list patterns.
 * @returns Whether the key is allowed.
 * @example
 * ```ts
 * isConfigKeyAllowed("notify", ["*"]); // false
 * ```
 */
export function isConfigKeyAllowed(key: string, allow: readonly string[]): boolean {
  const segments = key.split(".");
  if (segments.some((s) => !SEGMENT.test(s))) return false;
  if (segments.some((s) => FORBIDDEN_CONFIG_KEYS.some((re) => re.test(s)))) return false;
  return allow.some((pattern) =>
    pattern === "*" || pattern === key || (pattern.endsWith(".*") && key.startsWith(pattern.slice(0, -1)))
  );
}

/** A config key with its value. */
export type ConfigEntry = [key: string, value: unknown];

/**
 * Flattens a nested config object into dotted keys (arrays and scalars are leaves).
 *
 * @param config The config object.
 * @param prefix Key prefix.
 * @returns The entries.
 * @example
 * ```ts
 * flattenEntries({ features: { x: true } }); // [["features.x", true]]
 * ```
 */
export function flattenEntries(config: Record<string, unknown>, prefix = ""): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  for (const [k, value] of Object.entries(config)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (value && typeof value === "object" && !Array.isArray(value)) {
      out.push(...flattenEntries(value as Record<string, unknown>, key));
    } else out.push([key, value]);
  }
  return out;
}
