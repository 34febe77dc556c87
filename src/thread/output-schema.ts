/**
 * Structured output: derive the JSON Schema codex needs (`--output-schema`, sent to the model as `text.format`) from
 * a plain JSON Schema, a valibot schema or any Standard Schema, and validate the final response against it.
 *
 * @module
 */
import { toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";
import { CodexOptionsError, CodexOutputValidationError } from "../errors.ts";
import { isStandardSchema, type StandardSchemaV1 } from "../standard-schema.ts";

/** A JSON Schema document. */
export type JsonSchema = Record<string, unknown>;

/** What `runJson` accepts as a schema. */
export type OutputSchema = JsonSchema | StandardSchemaV1;

// OpenAI structured outputs need closed objects; valibot's v.object strips unknown keys, so closing it is faithful.
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(node)) out[k] = closeObjects(val);
  if (out.type === "object" && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * Returns the JSON Schema for an output schema.
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
  if (!isStandardSchema(schema)) {
    if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
      throw new CodexOptionsError("outputSchema", "must be a JSON Schema object or a Standard Schema");
    }
    return schema as JsonSchema;
  }
  const std = schema["~standard"];
  let json: JsonSchema;
  if (std.vendor === "valibot") {
    try {
      json = toJsonSchema(schema as unknown as v.GenericSchema, { errorMode: "throw" }) as JsonSchema;
    } catch (cause) {
      throw new CodexOptionsError("outputSchema", `cannot convert the valibot schema to JSON Schema: ${(cause as Error).message}`);
    }
  } else if (std.jsonSchema) {
    json = std.jsonSchema.output({ target: "draft-07" });
  } else {
    throw new CodexOptionsError(
      "outputSchema",
      `cannot derive a JSON Schema from a ${std.vendor} schema; pass { schema, jsonSchema } with an explicit JSON Schema`,
    );
  }
  const { $schema: _ignored, ...rest } = closeObjects(json) as JsonSchema;
  return rest;
}

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
