/**
 * User input: a string, or parts (text, local images, image bytes; image URLs and skills on the app-server backend). Text parts
 * are joined with a blank line, as the official SDK does. Snake_case `text_elements`/`byte_range` are accepted and
 * normalised to camelCase. Each backend turns the normalised parts into its own wire shape (`src/exec/input.ts`,
 * `src/app-server/input.ts`).
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

/** The image types codex accepts as bytes. */
export type ImageMediaType = "image/png" | "image/jpeg" | "image/gif" | "image/webp";

/**
 * An image given as bytes — a screenshot in a browser, a canvas, an upload — for code that has no file path on the
 * machine codex runs on. Works on every transport and both backends: process transports write it to a private
 * temporary file (removed when the turn ends) and pass it as `--image`; the websocket transport uploads it to the
 * host, which does the same; the app-server backend sends it as a `data:` URL.
 */
export interface ImageBytesInput {
  /** Part type. */
  type: "image_bytes";
  /** The encoded image (PNG, JPEG, GIF or WebP bytes, not pixels). */
  data: Uint8Array;
  /** Its media type. */
  mediaType: ImageMediaType;
}

/** An image by URL (including `data:` URLs). App-server backend only. */
export interface ImageInput {
  /** Part type. */
  type: "image";
  /** The image URL. */
  url: string;
}

/** A skill to invoke (see `skills/list`). App-server backend only. */
export interface SkillInput {
  /** Part type. */
  type: "skill";
  /** Skill name. */
  name: string;
  /** Path of the skill's SKILL.md. */
  path: string;
}

/** One part of a structured input. */
export type UserInput = TextInput | LocalImageInput | ImageBytesInput | ImageInput | SkillInput;

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

/** The media types an `image_bytes` part may carry (what codex and the host accept). */
export const IMAGE_MEDIA_TYPES: readonly ImageMediaType[] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

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
  v.looseObject({ type: v.literal("localImage"), path: v.pipe(v.string(), v.nonEmpty()) }),
  v.looseObject({
    type: v.literal("image_bytes"),
    data: v.pipe(v.instance(Uint8Array, "data must be a Uint8Array of the encoded image"), v.check((d) => d.length > 0, "data is empty")),
    mediaType: v.picklist(IMAGE_MEDIA_TYPES, `mediaType must be one of ${IMAGE_MEDIA_TYPES.join(", ")}`),
  }),
  v.looseObject({ type: v.literal("image"), url: v.pipe(v.string(), v.nonEmpty()) }),
  v.looseObject({ type: v.literal("skill"), name: v.pipe(v.string(), v.nonEmpty()), path: v.pipe(v.string(), v.nonEmpty()) }),
]);
// Validated apart from the string case, so issues keep their path (input[1].text) instead of failing the union.
const PartsSchema = v.array(PartSchema);

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
  if (typeof input === "string") return { prompt: input, images: [], parts: [{ type: "text", text: input }] };
  const result = v.safeParse(PartsSchema, input);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path?.map((p) => (typeof p.key === "number" ? `[${p.key}]` : `.${String(p.key)}`)).join("") ??
      "";
    throw new CodexOptionsError(`input${path}`, issue.message);
  }
  const parsed = result.output;
  const texts: string[] = [];
  const images: string[] = [];
  const parts: UserInput[] = parsed.map((part): UserInput => {
    if (part.type === "local_image" || part.type === "localImage") {
      images.push(part.path);
      return { type: "local_image", path: part.path };
    }
    if (part.type === "image_bytes") return { type: "image_bytes", data: part.data, mediaType: part.mediaType };
    if (part.type === "image") return { type: "image", url: part.url };
    if (part.type === "skill") return { type: "skill", name: part.name, path: part.path };
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
