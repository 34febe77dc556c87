/**
 * The synchronous `resolveJsonSchema`, the one module that imports `@valibot/to-json-schema` statically. Nothing in
 * the SDK calls it (turns import the converter on demand, `derive-json-schema.ts`), and the npm build gives it a
 * chunk of its own (tsdown.config.ts), so a bundle that does not call it leaves the converter out of its initial
 * code.
 *
 * @module
 */
import { toJsonSchema } from "@valibot/to-json-schema";
import { deriveJsonSchema } from "./derive-json-schema.ts";
import type { JsonSchema, OutputSchema } from "./output-schema.ts";

/**
 * Returns the JSON Schema for an output schema.
 *
 * Turns (`run`, `runStreamed`, `runJson`) load `@valibot/to-json-schema` on demand, only for a valibot schema; this
 * synchronous form imports it up front (bundlers leave it out of apps that never call it).
 *
 * @param schema A JSON Schema object, a valibot schema, or a Standard Schema with Standard JSON Schema support.
 * @returns The JSON Schema to send to codex.
 * @throws {CodexOptionsError} When no JSON Schema can be derived (pass a JSON Schema alongside, via `jsonSchema`).
 * @example
 * ```ts
 * resolveJsonSchema(v.object({ ok: v.boolean() })); // { type: "object", properties: {...}, ... }
 * ```
 */
export function resolveJsonSchema(schema: OutputSchema): JsonSchema {
  return deriveJsonSchema(schema, toJsonSchema);
}
