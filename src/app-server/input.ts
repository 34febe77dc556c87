/**
 * Turn input on the app-server wire: normalised parts become `turn/start` / `turn/steer` `UserInput` items.
 *
 * @module
 */
import { dataUrl } from "../base64.ts";
import type { UserInput } from "../thread/input.ts";

/**
 * Converts normalised parts to the app-server's `UserInput` wire shape.
 *
 * @param parts Normalised parts.
 * @returns `turn/start` input items.
 * @example
 * ```ts
 * toAppServerInput([{ type: "local_image", path: "/a.png" }]); // [{ type: "localImage", path: "/a.png" }]
 * ```
 */
export function toAppServerInput(parts: UserInput[]): Array<Record<string, unknown>> {
  return parts.map((part) => {
    switch (part.type) {
      case "text":
        return {
          type: "text",
          text: part.text,
          text_elements: (part.textElements ?? []).map((e) => ({
            byteRange: e.byteRange,
            ...(e.placeholder ? { placeholder: e.placeholder } : {}),
          })),
        };
      case "local_image":
        return { type: "localImage", path: part.path };
      case "image":
        return { type: "image", url: part.url };
      case "image_bytes":
        // the app-server takes images inline: no file to write, and it works the same through a remote host
        return { type: "image", url: dataUrl(part.mediaType, part.data) };
      case "skill":
        return { type: "skill", name: part.name, path: part.path };
    }
  });
}
