// Codex as an AI SDK language model, end to end: the real codex (exec and app-server backends) against the
// scripted Responses model, driven by the AI SDK's own generateText / streamText / Output.object, with `ai` 6 and
// (on Node >= 22) `ai` 7.
import { afterEach, describe, expect, it, vi } from "vitest";
import * as z from "zod";
import { isTurnFailedError } from "@codexkit/sdk";
import { createCodex } from "@codexkit/sdk/ai";
import { reply, runCommand } from "@codexkit/sdk/testing";
import { type Harness, harness, isAlive, userTexts } from "../helpers/harness.ts";
import { AI_MAJORS } from "./ai-versions.ts";

// real codex turns: generous limits for a loaded machine (they guard against hangs, they measure nothing)
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

let h: Harness | undefined;
afterEach(async () => {
  await h?.codex.close();
  await h?.dispose();
  h = undefined;
});

const envelope = (calls: Array<{ name: string; input: unknown }>, final = "") =>
  reply(
    JSON.stringify({ tool_calls: calls.map((c) => ({ name: c.name, arguments: JSON.stringify(c.input) })), final }),
  );

// every text the scripted model received in a request, tool outputs included
const requestText = (i: number) => JSON.stringify(h!.server.model.responseRequests[i]!.body!.input);

for (const major of AI_MAJORS) {
  describe.skipIf(major.unavailable !== null)(
    `${major.name}${major.unavailable ? ` (skipped: ${major.unavailable})` : ""}`,
    () => {
      for (const backend of ["exec", "app-server"] as const) {
        describe(`${backend} backend`, () => {
          const setup = async (steps: Parameters<typeof harness>[0]) => {
            h = await harness(steps, { backend });
            const provider = createCodex({ codex: h.codex });
            return provider("mock-model", { skipGitRepoCheck: true, workingDirectory: h.workDir });
          };

          it("generateText: text, usage, finish reason, thread id, warnings, safe defaults", async () => {
            const ai = await major.load();
            const model = await setup([
              reply("Hello from codex", {
                usage: { input_tokens: 120, cached_input_tokens: 20, output_tokens: 9, reasoning_output_tokens: 4 },
              }),
            ]);
            const result = await ai.generateText({ model, prompt: "Say hello", temperature: 0.3, system: "Be brief." });
            expect(result.text).toBe("Hello from codex");
            expect(result.finishReason).toBe("stop");
            expect(result.usage.inputTokens).toBe(120);
            expect(result.usage.outputTokens).toBe(9);
            expect(result.usage.inputTokenDetails?.cacheReadTokens).toBe(20);
            expect(result.usage.outputTokenDetails?.reasoningTokens).toBe(4);
            const threadId = result.providerMetadata?.codex?.threadId;
            expect(threadId).toMatch(/^[0-9a-f-]{36}$/);
            expect(result.warnings).toContainEqual(
              expect.objectContaining({ type: "unsupported", feature: "temperature" }),
            );
            const sent = userTexts(h!.server.model.responseRequests[0]!.body).join("\n");
            expect(sent).toContain("Be brief.");
            expect(sent).toContain("Say hello");
            // safe defaults reach codex: read-only sandbox, approvals never, no web search, no network
            const context = requestText(0);
            expect(context).toContain("`sandbox_mode` is `read-only`");
            expect(context).toContain("Network access is restricted");
            expect(context).toContain("Approval policy is currently never");
            expect(JSON.stringify(h!.server.model.responseRequests[0]!.body!.tools ?? [])).not.toContain("web_search");
            expect(h!.server.model.responseRequests[0]!.body!.model).toBe("mock-model");
          });

          it("streamText: codex's command as a provider-executed dynamic tool call with its result, then the answer", async () => {
            const ai = await major.load();
            const model = await setup([
              runCommand("echo from-the-shell && exit 3"),
              reply("The command failed with 3.", { stream: true }),
            ]);
            const result = ai.streamText({ model, prompt: "Run it" });
            const parts: Array<Record<string, any>> = [];
            for await (const part of result.fullStream) parts.push(part as Record<string, any>);
            const call = parts.find((p) => p.type === "tool-call");
            expect(call).toMatchObject({ toolName: "exec_command", providerExecuted: true, dynamic: true });
            expect(call!.input.command).toContain("echo from-the-shell");
            // a failed command is an error result: the AI SDK reports it as tool-error
            const outcome = parts.find((p) =>
              (p.type === "tool-result" || p.type === "tool-error") && p.toolCallId === call!.toolCallId
            );
            expect(outcome?.type).toBe("tool-error");
            // (app-server 0.169 runs it as a unified-exec session whose item the backend closes at turn end, without
            // its output: only exec reports the output in the item)
            if (backend === "exec") expect(JSON.stringify(outcome!.error)).toContain("from-the-shell");
            expect(await result.text).toBe("The command failed with 3.");
            expect(await result.finishReason).toBe("stop");
            const deltas = parts.filter((p) => p.type === "text-delta").length;
            // exec prints whole messages; the app-server streams deltas
            if (backend === "app-server") expect(deltas).toBeGreaterThan(1);
            else expect(deltas).toBe(1);
          });

          it("runs the caller's tools through the JSON envelope, in the same codex thread", async () => {
            const ai = await major.load();
            const model = await setup([
              envelope([{ name: "weather", input: { city: "Paris" } }]),
              envelope([], "Sunny and 21 °C in Paris."),
            ]);
            const seen: unknown[] = [];
            const result = await ai.generateText({
              model,
              prompt: "What is the weather in Paris?",
              tools: {
                weather: ai.tool({
                  description: "Current weather of a city",
                  inputSchema: z.object({ city: z.string() }),
                  execute: async ({ city }) => {
                    seen.push(city);
                    return { city, sky: "sunny", celsius: 21 };
                  },
                }),
              },
              stopWhen: ai.stepCountIs(3),
            });
            expect(seen).toEqual(["Paris"]);
            expect(result.text).toBe("Sunny and 21 °C in Paris.");
            expect(result.steps.map((s) => s.finishReason)).toEqual(["tool-calls", "stop"]);
            // the envelope schema constrained both turns, naming the tool
            const format = h!.server.model.responseRequests[0]!.body!.text?.format;
            expect(JSON.stringify(format)).toContain('"enum":["weather"]');
            // the tool's result went back into the same thread: the second request carries the first turn's history
            expect(requestText(1)).toContain("What is the weather in Paris?");
            expect(requestText(1)).toContain('\\"sky\\":\\"sunny\\"');
            const ids = result.steps.map((s) => s.providerMetadata?.codex?.threadId);
            expect(ids[0]).toBeTruthy();
            expect(ids[1]).toBe(ids[0]);
          });

          it("responseFormat JSON with a schema becomes codex's output schema (Output.object)", async () => {
            const ai = await major.load();
            const model = await setup([reply(JSON.stringify({ name: "codexkit", stars: 42 }))]);
            const result = await ai.generateText({
              model,
              prompt: "Describe the project",
              output: ai.Output.object({ schema: z.object({ name: z.string(), stars: z.number() }) }),
            });
            expect(result.output).toEqual({ name: "codexkit", stars: 42 });
            const format = h!.server.model.responseRequests[0]!.body!.text?.format;
            expect(format?.type).toBe("json_schema");
            expect(JSON.stringify(format?.schema)).toContain('"stars"');
          });

          it("a failed turn rejects generateText with TurnFailedError, and the stream reports an error part", async () => {
            const ai = await major.load();
            const model = await setup([{ fail: { message: "model exploded" } }, {
              fail: { message: "model exploded again" },
            }]);
            const err = await ai.generateText({ model, prompt: "go", maxRetries: 0 }).catch((e: unknown) => e);
            expect(isTurnFailedError(err)).toBe(true);
            const errors: unknown[] = [];
            const result = ai.streamText({
              model,
              prompt: "go",
              maxRetries: 0,
              onError: ({ error }) => void errors.push(error),
            });
            await result.consumeStream();
            expect(errors.some(isTurnFailedError)).toBe(true);
            expect(await result.finishReason).toBe("error");
          });

          it("providerOptions.codex.threadId continues a thread", async () => {
            const ai = await major.load();
            const model = await setup([reply("The codeword is heron."), reply("You said heron.")]);
            const first = await ai.generateText({ model, prompt: "Remember the codeword heron" });
            const threadId = first.providerMetadata!.codex!.threadId as string;
            const second = await ai.generateText({
              model,
              prompt: "What was the codeword?",
              providerOptions: { codex: { threadId } },
            });
            expect(second.text).toBe("You said heron.");
            expect(second.providerMetadata?.codex?.threadId).toBe(threadId);
            expect(requestText(1)).toContain("Remember the codeword heron");
          });

          it("abortSignal stops the turn and leaves no codex behind", async () => {
            const ai = await major.load();
            const model = await setup([{ hang: true }]);
            const controller = new AbortController();
            const pending = ai.generateText({
              model,
              prompt: "wait forever",
              abortSignal: controller.signal,
              maxRetries: 0,
            });
            await expect.poll(() => h!.server.model.responseRequests.length, { timeout: 15_000 }).toBe(1);
            controller.abort();
            await expect(pending).rejects.toThrow();
            if (backend === "exec") {
              const status = await h!.transport.channels[0]!.exited;
              expect(status.exitCode === 0).toBe(false);
              const pid = (h!.transport.channels[0] as { pid?: number }).pid;
              if (pid) expect(isAlive(pid)).toBe(false);
            }
          });
        });
      }
    },
  );
}
