/**
 * Structured output: derive the JSON Schema codex needs (`--output-schema`, sent to the model as `text.format`) from
 * a plain JSON Schema, a valibot schema or any Standard Schema, and validate the final response against it.
 *
 * @module
 */
import { CodexOutputValidationError } from "../errors.ts";
import { isStandardSchema, type StandardSchemaV1 } from "../standard-schema.ts";

// In a module (and an npm chunk) of its own: its static import of @valibot/to-json-schema must stay out of bundles
// that never call it.
export { resolveJsonSchema } from "./resolve-json-schema.ts";

/** A JSON Schema document. */
export type JsonSchema = Record<string, unknown>;

/** What `runJson` accepts as a schema. */
export type OutputSchema = JsonSchema | StandardSchemaV1;

/**
 * Parses the final response as JSON and, for a Standard Schema, validates it.
 *
 * @param text The agent's final response.
 * @param schema The schema the run used.
 * @returns The parsed (and validated) value.
 * @throws {CodexOutputValidationError} When the text is not JSON or fails validation.
 * @example
 * ```ts
 * await parseStructuredOutput('{"ok":true}', v.object({ ok: v.boolean() })); // { ok: true }
 * ```
 */
export async function parseStructuredOutput(text: string, schema: OutputSchema): Promise<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new CodexOutputValidationError(
      `Cannot parse structured output: the final response is not JSON (${(cause as Error).message})`,
      text,
      [(cause as Error).message],
      { cause },
    );
  }
  if (!isStandardSchema(schema)) return value;
  const result = await schema["~standard"].validate(value);
  if (result.issues) {
    const first = result.issues[0];
    throw new CodexOutputValidationError(
      `Cannot accept structured output: it does not match the schema (${first?.message ?? "invalid"})`,
      text,
      result.issues,
    );
  }
  return result.value;
}
