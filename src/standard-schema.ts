/**
 * The Standard Schema interface (https://standardschema.dev), declared here so the published types need no extra
 * package. valibot, zod, arktype and others implement it; some also implement Standard JSON Schema
 * (`~standard.jsonSchema`), which the SDK uses to derive the JSON Schema codex needs.
 *
 * @module
 */

/** A validation issue. */
export interface StandardIssue {
  /** What is wrong. */
  readonly message: string;
  /** Where, as path segments. */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>;
}

/** The result of `validate`. */
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> };

/** A schema implementing Standard Schema v1. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The standard interface. */
  readonly "~standard": {
    /** Spec version. */
    readonly version: 1;
    /** The library, e.g. `"valibot"`. */
    readonly vendor: string;
    /** Validates a value. */
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    /** Phantom types. */
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
    /** Standard JSON Schema, when the library offers it. */
    readonly jsonSchema?: {
      /** JSON Schema of the output type. */
      readonly output: (options: { readonly target: string }) => Record<string, unknown>;
    };
  };
}

/** The output type of a Standard Schema. */
export type InferSchemaOutput<S extends StandardSchemaV1> = NonNullable<S["~standard"]["types"]>["output"];

/**
 * Checks whether a value is a Standard Schema v1 schema.
 * @param value Any value.
 * @returns Whether `value` implements Standard Schema v1.
 * @example
 * ```ts
 * isStandardSchema(v.object({})); // true
 * ```
 */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  const std = (value as { "~standard"?: { version?: unknown } })["~standard"];
  return typeof std === "object" && std !== null && std.version === 1;
}
