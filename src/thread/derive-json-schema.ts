/**
 * How an output schema becomes the JSON Schema codex needs, with the valibot converter passed in. The public
 * `resolveJsonSchema` (`resolve-json-schema.ts`) imports the converter statically; turns import it on demand
 * ({@link resolveJsonSchemaLazily}), so a browser app that never runs a turn with a valibot schema does not download
 * `@valibot/to-json-schema` (13 KB minified, the largest input of the core bundle before it moved out).
 *
 * @module
 */
import type * as v from "valibot";
import { CodexOptionsError } from "../errors.ts";
import { isStandardSchema } from "../standard-schema.ts";
import type { JsonSchema, OutputSchema } from "./output-schema.ts";

/** Converts a valibot schema to JSON Schema (`toJsonSchema` of `@valibot/to-json-schema`). */
export type ValibotToJsonSchema = (schema: v.GenericSchema, config: { errorMode: "throw" }) => unknown;

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

function isValibotSchema(schema: OutputSchema): boolean {
  return isStandardSchema(schema) && schema["~standard"].vendor === "valibot";
}

/**
 * Returns the JSON Schema for an output schema.
 *
 * @param schema A JSON Schema object, a valibot schema, or a Standard Schema with Standard JSON Schema support.
 * @param valibotToJsonSchema The converter used for a valibot schema.
 * @returns The JSON Schema to send to codex.
 * @throws {CodexOptionsError} When no JSON Schema can be derived.
 * @example
 * ```ts
 * deriveJsonSchema({ type: "object" }, toJsonSchema);
 * ```
 */
export function deriveJsonSchema(schema: OutputSchema, valibotToJsonSchema: ValibotToJsonSchema): JsonSchema {
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
      json = valibotToJsonSchema(schema as unknown as v.GenericSchema, { errorMode: "throw" }) as JsonSchema;
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

const noConverter: ValibotToJsonSchema = () => {
  throw new Error("unreachable: only valibot schemas need the converter");
};

/**
 * Returns the JSON Schema for an output schema, importing `@valibot/to-json-schema` only for a valibot schema (a
 * dynamic `import()`, which bundlers split into a chunk of its own).
 *
 * @param schema A JSON Schema object, a valibot schema, or a Standard Schema with Standard JSON Schema support.
 * @returns The JSON Schema to send to codex.
 * @throws {CodexOptionsError} When no JSON Schema can be derived, or the converter cannot be loaded.
 * @example
 * ```ts
 * await resolveJsonSchemaLazily(v.object({ ok: v.boolean() }));
 * ```
 */
export async function resolveJsonSchemaLazily(schema: OutputSchema): Promise<JsonSchema> {
  if (!isValibotSchema(schema)) return deriveJsonSchema(schema, noConverter);
  let convert: ValibotToJsonSchema;
  try {
    convert = (await import("@valibot/to-json-schema")).toJsonSchema as ValibotToJsonSchema;
  } catch (cause) {
    const message = `cannot load @valibot/to-json-schema to convert the valibot schema: ${(cause as Error)?.message ?? cause}`;
    throw new CodexOptionsError("outputSchema", message);
  }
  return deriveJsonSchema(schema, convert);
}
