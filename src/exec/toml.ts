/**
 * Turns a nested config object into codex `--config dotted.key=<TOML literal>` pairs.
 *
 * codex splits a `-c` key on every dot, quotes or not, so a key is a path: `{ "analytics.enabled": true }` and
 * `{ analytics: { enabled: true } }` both become `analytics.enabled=true` (as in `@openai/codex-sdk`). Key segments
 * are therefore never quoted; a key codex could not read back as written is refused.
 *
 * @module
 */
import { CodexOptionsError } from "../errors.ts";
import type { ConfigObject, ConfigValue } from "../options.ts";

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Formats a TOML key segment: bare when possible, otherwise a quoted basic string.
 *
 * @param key One key segment.
 * @returns The TOML key.
 * @example
 * ```ts
 * tomlKey("model"); // model
 * tomlKey("my.server"); // "my.server"
 * ```
 */
export function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : JSON.stringify(key).replace(/\x7f/g, "\\u007f");
}

/**
 * Formats a value as a TOML literal. JSON string escapes are valid TOML basic-string escapes.
 *
 * @param value The value.
 * @param path Dotted option path, for errors.
 * @returns The TOML literal.
 * @throws {CodexOptionsError} For non-finite numbers, `null` or unsupported types.
 * @example
 * ```ts
 * tomlLiteral(["a", 1]); // ["a", 1]
 * ```
 */
export function tomlLiteral(value: ConfigValue, path = "config"): string {
  switch (typeof value) {
    case "string":
      // JSON escapes are TOML escapes, but JSON leaves DEL (U+007F) raw and TOML forbids it
      return JSON.stringify(value).replace(/\x7f/g, "\\u007f");
    case "boolean":
      return String(value);
    case "number":
      if (!Number.isFinite(value)) throw new CodexOptionsError(path, `${value} is not a TOML number`);
      return String(value);
    case "object":
      if (value === null) throw new CodexOptionsError(path, "null has no TOML representation");
      if (Array.isArray(value)) return `[${value.map((item, i) => tomlLiteral(item, `${path}[${i}]`)).join(", ")}]`;
      return `{${
        Object.entries(value).map(([k, item]) => `${tomlKey(k)} = ${tomlLiteral(item, `${path}.${k}`)}`).join(", ")
      }}`;
    default:
      throw new CodexOptionsError(path, `a ${typeof value} has no TOML representation`);
  }
}

// codex takes everything before the first `=` as the key and splits it on dots: these cannot survive that.
// deno-lint-ignore no-control-regex -- control characters are exactly what is refused
const UNREADABLE_KEY = /[="'\x00-\x1f\x7f]/;

function configKeyPath(key: string, path: string): string {
  if (UNREADABLE_KEY.test(key)) {
    throw new CodexOptionsError(
      path,
      "a config key cannot hold `=`, quotes or control characters (codex splits -c keys on every dot; a dotted key is a path)",
    );
  }
  if (key.split(".").some((segment) => segment.trim() === "")) {
    throw new CodexOptionsError(path, "a config key path cannot have an empty segment");
  }
  return key;
}

/**
 * Flattens nested objects into dotted keys; arrays and scalars become TOML literals. A key that holds dots is a
 * path, written as is (never quoted), the way codex reads `-c` keys.
 *
 * @param config The nested config.
 * @returns `key=value` strings, one per leaf, in insertion order.
 * @throws {CodexOptionsError} When a value has no TOML representation, or a key could not be read back by codex.
 * @example
 * ```ts
 * flattenConfig({ model_providers: { mock: { base_url: "http://x" } } });
 * // ['model_providers.mock.base_url="http://x"']
 * flattenConfig({ "analytics.enabled": false }); // ["analytics.enabled=false"]
 * ```
 */
export function flattenConfig(config: ConfigObject): string[] {
  const out: string[] = [];
  const walk = (node: ConfigObject, keys: string[], path: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (value === undefined) continue;
      const nextPath = `${path}.${key}`;
      const nextKeys = [...keys, configKeyPath(key, nextPath)];
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        walk(value, nextKeys, nextPath);
      } else {
        out.push(`${nextKeys.join(".")}=${tomlLiteral(value, nextPath)}`);
      }
    }
  };
  walk(config, [], "config");
  return out;
}
