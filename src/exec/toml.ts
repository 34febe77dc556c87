/**
 * Turns a nested config object into codex `--config dotted.key=<TOML literal>` pairs.
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

/**
 * Flattens nested objects into dotted keys; arrays and scalars become TOML literals.
 *
 * @param config The nested config.
 * @returns `key=value` strings, one per leaf, in insertion order.
 * @throws {CodexOptionsError} When a value has no TOML representation.
 * @example
 * ```ts
 * flattenConfig({ model_providers: { mock: { base_url: "http://x" } } });
 * // ['model_providers.mock.base_url="http://x"']
 * ```
 */
export function flattenConfig(config: ConfigObject): string[] {
  const out: string[] = [];
  const walk = (node: ConfigObject, keys: string[], path: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (value === undefined) continue;
      const nextKeys = [...keys, tomlKey(key)];
      const nextPath = `${path}.${key}`;
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
