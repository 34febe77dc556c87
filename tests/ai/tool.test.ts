// Codex as an AI SDK tool (the handoff): a calling model (the AI SDK's own mock language model) hands a task to
// the real codex, which runs against the scripted Responses model; progress arrives as preliminary tool results.
import { afterEach, describe, expect, it, vi } from "vitest";
import { isCodexAbortError, isCodexTimeoutError } from "@codexkit/sdk";
import { codexTool, type CodexToolOutput } from "@codexkit/sdk/ai";
import { reply, runCommand } from "@codexkit/sdk/testing";
import { type Harness, harness, isAlive, userTexts } from "../helpers/harness.ts";
import { AI_MAJORS } from "./ai-versions.ts";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

let h: Harness | undefined;
afterEach(async () => {
  await h?.codex.close();
  await h?.dispose();
  h = undefined;
});

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 1, text: 1, reasoning: 0 },
};

// A calling model that asks codex for each prompt in turn, then answers with a fixed text.
function caller(test: Record<string, any>, prompts: string[]) {
  const stream = (parts: unknown[]) => ({
    stream: new ReadableStream({
      start(c) {
        for (const p of parts) c.enqueue(p);
        c.close();
      },
    }),
  });
  const generate = (content: unknown[], unified: string) => ({
    content,
    finishReason: { unified, raw: undefined },
    usage,
    warnings: [],
  });
  return new test.MockLanguageModelV3({
    doGenerate: [
      ...prompts.map((prompt, i) =>
        generate(
          [{ type: "tool-call", toolCallId: `call_${i}`, toolName: "codex", input: JSON.stringify({ prompt }) }],
          "tool-calls",
        )
      ),
      generate([{ type: "text", text: "All done." }], "stop"),
    ],
    doStream: [
      ...prompts.map((prompt, i) =>
        stream([
          { type: "stream-start", warnings: [] },
          { type: "tool-call", toolCallId: `call_${i}`, toolName: "codex", input: JSON.stringify({ prompt }) },
          { type: "finish", finishReason: { unified: "tool-calls", raw: undefined }, usage },
        ])
      ),
      stream([
        { type: "stream-start", warnings: [] },
        { type: "text-start", id: "t" },
        { type: "text-delta", id: "t", delta: "All done." },
        { type: "text-end", id: "t" },
        { type: "finish", finishReason: { unified: "stop", raw: undefined }, usage },
      ]),
    ],
  });
}

for (const major of AI_MAJORS) {
  describe.skipIf(major.unavailable !== null)(`codexTool with ${major.name}`, () => {
    const load = async () => {
      const ai = await major.load();
      const test = await (major.name === "ai 6" ? import("ai/test") : import(/* @vite-ignore */ "ai-v7/test"));
      return { ai, test: test as Record<string, any> };
    };

    it("streams progress as preliminary results and hands back a short answer", async () => {
      const { ai, test } = await load();
      h = await harness([runCommand("echo working-hard"), reply("I ran it: working-hard.")]);
      const model = caller(test, ["Run echo"]);
      const tool = codexTool({
        codex: h.codex,
        threadOptions: { skipGitRepoCheck: true, workingDirectory: h.workDir },
        includeUsage: true,
      });
      const result = ai.streamText({ model, prompt: "Use codex", tools: { codex: tool }, stopWhen: ai.stepCountIs(3) });
      const results: Array<{ preliminary?: boolean; output: CodexToolOutput }> = [];
      for await (const part of result.fullStream) {
        if (part.type === "tool-result") results.push(part as never);
      }
      const preliminary = results.filter((r) => r.preliminary);
      const final = results.filter((r) => !r.preliminary);
      expect(preliminary.length).toBeGreaterThanOrEqual(2); // the command, then the message
      // every yielded value is preliminary; the last one (status completed) then comes again as the result
      expect(preliminary.slice(0, -1).every((r) => r.output.status === "working")).toBe(true);
      expect(
        preliminary.some((r) =>
          r.output.items?.some((i) => i.summary.startsWith("$ ") && i.summary.includes("echo working-hard"))
        ),
      ).toBe(true);
      expect(final).toHaveLength(1);
      expect(final[0]!.output).toMatchObject({ status: "completed", finalResponse: "I ran it: working-hard." });
      expect(final[0]!.output.usage?.input_tokens).toBeGreaterThan(0);
      expect(await result.text).toBe("All done.");
      // toModelOutput: only codex's answer (and its thread) goes back to the calling model
      const second = JSON.stringify(model.doStreamCalls[1].prompt);
      expect(second).toContain("I ran it: working-hard.");
      expect(second).not.toContain("aggregated_output");
      expect(second).not.toContain('working\\"');
    });

    it("persists the thread across calls by default", async () => {
      const { ai, test } = await load();
      h = await harness([reply("Noted: the codeword is heron."), reply("The codeword was heron.")]);
      const model = caller(test, ["Remember heron", "What was the codeword?"]);
      const tool = codexTool({
        codex: h.codex,
        threadOptions: { skipGitRepoCheck: true, workingDirectory: h.workDir },
      });
      const result = await ai.generateText({
        model,
        prompt: "Use codex twice",
        tools: { codex: tool },
        stopWhen: ai.stepCountIs(4),
      });
      const outputs = result.steps.flatMap((s) => s.toolResults.map((r) => r.output as CodexToolOutput));
      expect(outputs.map((o) => o.finalResponse)).toEqual(["Noted: the codeword is heron.", "The codeword was heron."]);
      expect(outputs[1]!.threadId).toBe(outputs[0]!.threadId);
      expect(userTexts(h.server.model.responseRequests[1]!.body)).toContain("Remember heron");
    });

    it("honours the caller's abort signal and timeoutMs, leaving no codex behind", async () => {
      const { ai, test } = await load();
      h = await harness([{ hang: true }, { hang: true }]);
      const tool = codexTool({
        codex: h.codex,
        threadOptions: { skipGitRepoCheck: true, workingDirectory: h.workDir },
        timeoutMs: 1500,
      });
      const timedOut = await ai.generateText({
        model: caller(test, ["hang"]),
        prompt: "x",
        tools: { codex: tool },
        stopWhen: ai.stepCountIs(1),
      });
      const error = timedOut.steps[0]!.content.find((p) => p.type === "tool-error") as { error?: unknown } | undefined;
      expect(isCodexTimeoutError(error?.error)).toBe(true);

      const controller = new AbortController();
      const before = h.server.model.responseRequests.length;
      const patient = codexTool({
        codex: h.codex,
        threadOptions: { skipGitRepoCheck: true, workingDirectory: h.workDir },
      });
      const pending = ai.generateText({
        model: caller(test, ["hang again"]),
        prompt: "x",
        tools: { codex: patient },
        abortSignal: controller.signal,
      });
      // wait until codex is waiting on the model (the timed-out turn may have been stopped before it got there)
      await expect.poll(() => h!.server.model.responseRequests.length, { timeout: 60_000 }).toBe(before + 1);
      controller.abort();
      // the AI SDK reports the aborted tool run as the call's error
      const aborted = await pending.then(
        (r) => r.steps[0]!.content.find((p) => p.type === "tool-error") as { error?: unknown },
        (e: unknown) => ({ error: e }),
      );
      expect(isCodexAbortError(aborted?.error) || (aborted?.error as Error)?.name === "AbortError").toBe(true);
      for (const channel of h.transport.channels) {
        await channel.exited;
        const pid = (channel as { pid?: number }).pid;
        if (pid) expect(isAlive(pid)).toBe(false);
      }
    });
  });
}
