// Helpers for scripted steps that answer from what codex actually sent (`(request) => reply(...)`), so an offline
// run reflects real work: the output of a command codex really ran, the history of a resumed thread, a skill file.
import type { RecordedRequest } from "@codexkit/sdk/testing";

type InputItem = { type?: string; role?: string; content?: Array<{ type?: string; text?: string }>; output?: unknown };

function inputOf(request: RecordedRequest): InputItem[] {
  return (request.body?.input ?? []) as InputItem[];
}

/** Every user text codex sent (prompts of this and earlier turns, plus codex's own context blocks). */
export function userTexts(request: RecordedRequest): string[] {
  return inputOf(request)
    .filter((item) => item.type === "message" && item.role === "user")
    .flatMap((item) => (item.content ?? []).flatMap((c) => (c.type === "input_text" && c.text ? [c.text] : [])));
}

/** The newest user prompt (skipping codex's `<environment_context>` and `<skill>` blocks). */
export function lastPrompt(request: RecordedRequest): string {
  return userTexts(request).filter((t) => !t.startsWith("<")).at(-1) ?? "";
}

/** The outputs of the commands codex ran, oldest first, without codex's header (chunk id, wall time, exit code). */
export function toolOutputs(request: RecordedRequest): string[] {
  return inputOf(request)
    .filter((item) => item.type === "function_call_output")
    .map((item) => {
      const text = typeof item.output === "string" ? item.output : JSON.stringify(item.output);
      const at = text.indexOf("Output:\n");
      return at === -1 ? text : text.slice(at + "Output:\n".length);
    });
}

/** The last non-empty line of the newest command output (a login shell may print profile noise before it). */
export function lastOutputLine(request: RecordedRequest): string {
  return (toolOutputs(request).at(-1) ?? "").trim().split("\n").at(-1) ?? "";
}
