/**
 * Turns an AI SDK prompt into one codex turn. Codex keeps the conversation in its thread, so only what the thread
 * has not seen is sent: the model marks its answers with the thread id (`providerMetadata.codex.threadId`, which the
 * AI SDK hands back as `providerOptions.codex.threadId` on the next call), and the turn then carries only the
 * messages after the newest marked answer — tool results and new user messages. A prompt without a marker starts a
 * new thread with the whole conversation as a transcript.
 *
 * @module
 */
import type {
  LanguageModelV3FilePart,
  LanguageModelV3Message,
  LanguageModelV3Prompt,
  LanguageModelV3ToolResultOutput,
  SharedV3Warning,
} from "@ai-sdk/provider";
import { encodeBase64 } from "../base64.ts";
import { IMAGE_MEDIA_TYPES, type ImageMediaType, type UserInput } from "../thread/input.ts";

/** The provider id: the key of `providerOptions` and `providerMetadata`. */
export const PROVIDER_ID = "codex";

/** One codex turn built from an AI SDK prompt. */
export interface TurnInput {
  /** The thread to continue, or `null` to start a new one. */
  threadId: string | null;
  /** The system messages to send (only for a new thread: a resumed one has them in its history). */
  system: string[];
  /** The text of the turn (without the system messages). */
  text: string;
  /** Images, as input parts. */
  images: UserInput[];
  /** What could not be sent. */
  warnings: SharedV3Warning[];
}

function markedThreadId(message: LanguageModelV3Message): string | null {
  // only codex's answers mark the thread (the AI SDK copies a tool call's options onto its result, too)
  if (message.role !== "assistant") return null;
  const own = message.providerOptions?.[PROVIDER_ID]?.threadId;
  if (typeof own === "string" && own) return own;
  for (const part of message.content) {
    const id = part.providerOptions?.[PROVIDER_ID]?.threadId;
    if (typeof id === "string" && id) return id;
  }
  return null;
}

function fileText(part: LanguageModelV3FilePart): string | null {
  if (!part.mediaType.startsWith("text/") && part.mediaType !== "application/json") return null;
  if (part.data instanceof Uint8Array) return new TextDecoder().decode(part.data);
  if (typeof part.data === "string") {
    const bytes = decodeBase64(part.data);
    return bytes ? new TextDecoder().decode(bytes) : part.data;
  }
  return null;
}

// Bytes of a type codex takes go as an `image_bytes` part (both backends, every transport); URLs, and bytes of other
// image types, as an `image` URL part (app-server backend).
function imagePart(part: LanguageModelV3FilePart): UserInput {
  if (part.data instanceof URL) return { type: "image", url: part.data.href };
  if (typeof part.data === "string" && /^(https?:|data:)/.test(part.data)) return { type: "image", url: part.data };
  const bytes = part.data instanceof Uint8Array ? part.data : decodeBase64(part.data);
  if (bytes && (IMAGE_MEDIA_TYPES as readonly string[]).includes(part.mediaType)) {
    return { type: "image_bytes", data: bytes, mediaType: part.mediaType as ImageMediaType };
  }
  const base64 = part.data instanceof Uint8Array ? encodeBase64(part.data) : part.data;
  return { type: "image", url: `data:${part.mediaType};base64,${base64}` };
}

function decodeBase64(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function outputText(output: LanguageModelV3ToolResultOutput): string {
  switch (output.type) {
    case "text":
    case "error-text":
      return output.value;
    case "json":
    case "error-json":
      return JSON.stringify(output.value);
    case "execution-denied":
      return `The caller denied this tool call${output.reason ? `: ${output.reason}` : ""}`;
    default:
      return JSON.stringify((output as { value?: unknown }).value ?? output);
  }
}

/**
 * Builds the codex turn for an AI SDK prompt.
 *
 * @param prompt The prompt of the call.
 * @param explicitThreadId `providerOptions.codex.threadId` of the call, if given: continue that thread.
 * @returns The thread to continue (or `null`), the text, images and warnings.
 * @example
 * ```ts
 * const turn = toTurnInput([{ role: "user", content: [{ type: "text", text: "Hi" }] }]);
 * // { threadId: null, system: [], text: "Hi", images: [], warnings: [] }
 * ```
 */
export function toTurnInput(prompt: LanguageModelV3Prompt, explicitThreadId?: string): TurnInput {
  let start = 0;
  let threadId: string | null = null;
  for (let i = prompt.length - 1; i >= 0 && threadId === null; i--) {
    const id = markedThreadId(prompt[i]!);
    if (id) [threadId, start] = [id, i + 1];
  }
  if (explicitThreadId && threadId !== explicitThreadId) {
    threadId = explicitThreadId;
    start = 0;
    for (let i = prompt.length - 1; i >= 0; i--) if (prompt[i]!.role === "assistant") [start, i] = [i + 1, -1];
  }
  const rest = prompt.slice(start);
  const warnings: SharedV3Warning[] = [];
  const images: UserInput[] = [];
  const system = threadId ? [] : rest.flatMap((m) => (m.role === "system" ? [m.content] : []));
  const conversation = rest.filter((m) => m.role !== "system");
  // a lone user message goes as it is; anything more is written out as a transcript with roles
  const transcript = conversation.length > 1 || conversation.some((m) => m.role !== "user");
  const blocks: string[] = [];
  for (const message of conversation) {
    const lines: string[] = [];
    for (const part of message.content) {
      switch (part.type) {
        case "text":
          if (part.text) lines.push(part.text);
          break;
        case "file": {
          const text = fileText(part);
          if (text !== null) {
            lines.push(`[file${part.filename ? ` ${part.filename}` : ""} (${part.mediaType})]\n${text}`);
          } else if (part.mediaType.startsWith("image/")) images.push(imagePart(part));
          else warnings.push({ type: "unsupported", feature: `file parts of type ${part.mediaType}` });
          break;
        }
        case "tool-call":
          if (!part.providerExecuted) {
            lines.push(`[you called the tool ${part.toolName} (id ${part.toolCallId})] ${JSON.stringify(part.input)}`);
          }
          break;
        case "tool-result":
          // codex's own actions (provider-executed) are already in the thread's history
          if (message.role === "tool") {
            lines.push(`[result of the tool ${part.toolName} (id ${part.toolCallId})]\n${outputText(part.output)}`);
          }
          break;
        default:
          break; // reasoning, approval responses: nothing codex needs
      }
    }
    if (lines.length === 0) continue;
    blocks.push(transcript ? `[${message.role}]\n${lines.join("\n")}` : lines.join("\n"));
  }
  return { threadId, system, text: blocks.join("\n\n"), images, warnings };
}
