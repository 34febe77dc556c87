/**
 * A fast path for validation: compiles a valibot schema into a plain predicate that answers "would this value pass
 * unchanged?". `parseEvent` returns such values as they are and runs valibot only for the rest (to fill defaults
 * or to explain a failure), so the common case costs a few `typeof` checks instead of a deep copy. The predicate
 * is derived from the schema itself, so the two cannot drift apart; unsupported schema kinds (pipes, unions, …)
 * compile to `null` and always take the valibot path.
 *
 * @module
 */
import type * as v from "valibot";

/** Answers whether a value passes its schema with the output equal to the input. */
export type FastCheck = (value: unknown) => boolean;

type AnySchema = v.GenericSchema & {
  type: string;
  pipe?: unknown;
  entries?: Record<string, AnySchema>;
  wrapped?: AnySchema;
  item?: AnySchema;
  literal?: unknown;
  default?: unknown;
  check?: (x: unknown) => boolean;
};

/**
 * Compiles `schema` into a {@link FastCheck}, or `null` when it uses a kind the compiler does not know.
 *
 * @param schema A valibot schema.
 * @returns The predicate, or `null`.
 * @example
 * ```ts
 * const check = compileFastCheck(v.looseObject({ id: v.string() }))!;
 * check({ id: "a", extra: 1 }); // true
 * ```
 */
export function compileFastCheck(schema: v.GenericSchema): FastCheck | null {
  const s = schema as AnySchema;
  if (s.pipe) return null; // actions may transform or refine: leave them to valibot
  switch (s.type) {
    case "string":
      return (x) => typeof x === "string";
    case "number":
      return (x) => typeof x === "number" && !Number.isNaN(x);
    case "boolean":
      return (x) => typeof x === "boolean";
    case "literal": {
      const literal = s.literal;
      return (x) => x === literal;
    }
    case "unknown":
    case "any":
      return () => true;
    case "custom":
      return s.check ?? null;
    case "optional":
    case "nullable": {
      const inner = compileFastCheck(s.wrapped!);
      if (!inner) return null;
      const empty = s.type === "optional" ? undefined : null;
      // with a default, valibot would replace the empty value: not "unchanged"
      return s.default !== undefined ? (x) => x !== empty && inner(x) : (x) => x === empty || inner(x);
    }
    case "array": {
      const item = compileFastCheck(s.item!);
      return item ? (x) => Array.isArray(x) && x.every(item) : null;
    }
    case "loose_object": {
      const entries: Array<[string, FastCheck]> = [];
      for (const [key, entry] of Object.entries(s.entries!)) {
        const check = compileFastCheck(entry);
        if (!check) return null;
        entries.push([key, check]);
      }
      return (x) => {
        if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
        // valibot drops an own `__proto__` key (JSON.parse creates one): such input takes the valibot path
        if (Object.hasOwn(x, "__proto__")) return false;
        for (const [key, check] of entries) if (!check((x as Record<string, unknown>)[key])) return false;
        return true;
      };
    }
    default:
      return null;
  }
}
