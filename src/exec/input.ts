/**
 * Turn input in exec mode: `codex exec` takes text on stdin and local images as `--image` paths, nothing else.
 *
 * @module
 */
import { CodexOptionsError } from "../errors.ts";
import type { UserInput } from "../thread/input.ts";

/**
 * Rejects parts exec mode cannot send (image URLs, skills).
 *
 * @param parts Normalised parts.
 * @throws {CodexOptionsError} Naming the first unsupported part.
 * @example
 * ```ts
 * assertExecInput([{ type: "text", text: "hi" }]);
 * ```
 */
export function assertExecInput(parts: UserInput[]): void {
  const index = parts.findIndex((p) => p.type === "image" || p.type === "skill");
  if (index !== -1) {
    throw new CodexOptionsError(
      `input[${index}]`,
      `a "${parts[index]!.type}" part needs the app-server backend (new Codex({ backend: "app-server" }))`,
    );
  }
}
