/**
 * User input: a string, or parts (text and local images). Text parts are joined with a blank line, as the official
 * SDK does; images become `--image` paths. Snake_case `text_elements`/`byte_range` are accepted and normalised to
 * camelCase.
 *
 * @module
 */
import * as v from "valibot";
import { CodexOptionsError } from "../errors.ts";

/** A span of a text part that stands for something else (a mention, a placeholder). */
export interface TextElement {
  /** Byte range in the UTF-8 text. */
  byteRange: { start: number; end: number };
  /** What the span displays as, if different. */
  placeholder?: string;
}

/** A text part. */
export interface TextInput {
  /** Part type. */
  type: "text";
  /** The text. */
  text: string;
  /** Elements within the text (camelCase; `text_elements` with `byte_range` is accepted too). */
  textElements?: TextElement[];
}

/** An image on the local filesystem (of the machine codex runs on). */
export interface LocalImageInput {
  /** Part type. */
  type: "local_image";
  /** Path of the image file. */
  path: string;
}

/** One part of a structured input. */
export type UserInput = TextInput | LocalImageInput;

/** What a turn accepts. */
export type Input = string | UserInput[];

/** Input after validation and normalisation. */
export interface NormalizedInput {
  /** The prompt text written to codex's stdin. */
  prompt: string;
  /** Image paths, in order. */
  images: string[];
  /** The parts, with camelCase text elements. */
  parts: UserInput[];
}

const RangeSchema = v.object({ start: v.pipe(v.number(), v.integer()), end: v.pipe(v.number(), v.integer()) });
const ElementSchema = v.pipe(
  v.looseObject({
    byteRange: v.optional(RangeSchema),
    byte_range: v.optional(RangeSchema),
    placeholder: v.optional(v.nullable(v.string())),
  }),
  v.check((e) => e.byteRange !== undefined || e.byte_range !== undefined, "needs byteRange"),
);
const PartSchema = v.variant("type", [
  v.looseObject({
    type: v.literal("text"),
    text: v.string(),
    textElements: v.optional(v.array(ElementSchema)),
    text_elements: v.optional(v.array(ElementSchema)),
  }),
  v.looseObject({ type: v.literal("local_image"), path: v.pipe(v.string(), v.nonEmpty()) }),
]);
const InputSchema = v.union([v.string(), v.array(PartSchema)]);

/**
 * Validates and normalises input.
 *
 * @param input A string or parts.
 * @returns Prompt text, image paths and normalised parts.
 * @throws {CodexOptionsError} Naming the bad part, e.g. `input[1].path`.
 * @example
 * ```ts
 * normalizeInput([{ type: "text", text: "Describe" }, { type: "local_image", path: "a.png" }]);
 * // { prompt: "Describe", images: ["a.png"], parts: [...] }
 * ```
 */
export function normalizeInput(input: Input): NormalizedInput {
  const result = v.safeParse(InputSchema, input);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path?.map((p) => (typeof p.key === "number" ? `[${p.key}]` : `.${String(p.key)}`)).join("") ??
      "";
    throw new CodexOptionsError(`input${path}`, issue.message);
  }
  const parsed = result.output;
  if (typeof parsed === "string") return { prompt: parsed, images: [], parts: [{ type: "text", text: parsed }] };
  const texts: string[] = [];
  const images: string[] = [];
  const parts: UserInput[] = parsed.map((part): UserInput => {
    if (part.type === "local_image") {
      images.push(part.path);
      return { type: "local_image", path: part.path };
    }
    texts.push(part.text);
    const elements = part.textElements ?? part.text_elements;
    const text: TextInput = { type: "text", text: part.text };
    if (elements) {
      text.textElements = elements.map((e) => ({
        byteRange: (e.byteRange ?? e.byte_range)!,
        ...(e.placeholder ? { placeholder: e.placeholder } : {}),
      }));
    }
    return text;
  });
  return { prompt: texts.join("\n\n"), images, parts };
}
