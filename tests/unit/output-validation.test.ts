// CodexOutputValidationError: `issues` is typed (a JSON syntax message, or Standard Schema issues) and `messages`
// gives each as one readable line, whichever way structured output failed.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  type CodexOutputValidationError,
  isCodexOutputValidationError,
  type OutputValidationIssue,
  parseStructuredOutput,
} from "@codexkit/sdk";

async function failure(text: string, schema: Parameters<typeof parseStructuredOutput>[1]) {
  const error = await parseStructuredOutput(text, schema).then(() => null, (e: unknown) => e);
  if (!isCodexOutputValidationError(error)) throw new Error(`expected a CodexOutputValidationError, got ${error}`);
  return error;
}

describe("CodexOutputValidationError", () => {
  const Status = v.object({ summary: v.string(), counts: v.object({ failed: v.number() }) });

  it("carries the JSON syntax error as a string issue and a message", async () => {
    const error: CodexOutputValidationError = await failure("not json", Status);
    const first: OutputValidationIssue = error.issues[0]!;
    expect(typeof first).toBe("string");
    const messages: readonly string[] = error.messages;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toBe(first);
    expect(error.text).toBe("not json");
  });

  it("carries schema issues with their paths, and one line per issue in messages", async () => {
    const error = await failure(JSON.stringify({ summary: 1, counts: { failed: "x" } }), Status);
    const paths = error.issues.map((i) => (typeof i === "string" ? null : i.path?.length ?? 0));
    expect(paths).toEqual([1, 2]);
    expect(error.messages).toHaveLength(2);
    expect(error.messages[0]).toMatch(/^summary: Invalid type: Expected string/);
    expect(error.messages[1]).toMatch(/^counts\.failed: Invalid type: Expected number/);
  });

  it("uses the message alone for an issue without a path", async () => {
    const error = await failure("1", Status);
    expect(error.messages).toEqual([expect.stringMatching(/^Invalid type: Expected Object/)]);
  });
});
