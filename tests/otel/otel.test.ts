// OpenTelemetry spans of real codex turns (exec and app-server backends) against the scripted model, collected by
// an in-memory exporter on a tracer provider passed in explicitly (nothing registered globally but the context
// manager, which the application would install too).
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { isTurnFailedError } from "@codexkit/sdk";
import { instrument, instrumentTransport } from "@codexkit/sdk/otel";
import { reply, runCommand } from "@codexkit/sdk/testing";
import { type Harness, harness } from "../helpers/harness.ts";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();
beforeAll(() => void context.setGlobalContextManager(contextManager.enable()));
afterAll(() => {
  context.disable();
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.codex.close();
  await h?.dispose();
  h = undefined;
  exporter.reset();
});

const named = (prefix: string) => exporter.getFinishedSpans().filter((s) => s.name.startsWith(prefix));
const parentId = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;

describe.each(["exec", "app-server"] as const)("spans on the %s backend", (backend) => {
  it("an invoke_agent span per turn with an execute_tool child per command, real times, usage and no content", async () => {
    h = await harness([
      runCommand("sleep 0.8; echo traced"),
      reply("Done tracing.", {
        usage: { input_tokens: 300, cached_input_tokens: 100, output_tokens: 12, reasoning_output_tokens: 5 },
      }),
    ], { backend });
    const codex = instrument(h.codex, { tracerProvider });
    // the harness gives codex a transport of its own: trace its processes too
    instrumentTransport(h.transport, { tracerProvider });
    const thread = codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir, model: "mock-model" });
    const turn = await thread.run("Run the traced command");

    const [agent] = named("invoke_agent");
    expect(agent).toBeDefined();
    expect(agent!.name).toBe("invoke_agent codex");
    expect(agent!.attributes).toMatchObject({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": "codex",
      "gen_ai.conversation.id": thread.id,
      "gen_ai.request.model": "mock-model",
      "gen_ai.response.finish_reasons": ["stop"],
    });
    // usage is this turn's: the command turn (100 in / 10 out by default) plus the answer turn
    expect(agent!.attributes["gen_ai.usage.input_tokens"]).toBe(turn.usage!.input_tokens);
    expect(agent!.attributes["gen_ai.usage.cache_read.input_tokens"]).toBe(100);
    expect(agent!.attributes["gen_ai.usage.reasoning.output_tokens"]).toBe(5);
    expect(agent!.attributes["gen_ai.input.messages"]).toBeUndefined();
    expect(agent!.attributes["gen_ai.output.messages"]).toBeUndefined();

    const [tool] = named("execute_tool");
    expect(tool!.name).toBe("execute_tool exec_command");
    expect(parentId(tool!)).toBe(agent!.spanContext().spanId);
    expect(tool!.attributes).toMatchObject({
      "gen_ai.tool.name": "exec_command",
      "gen_ai.tool.type": "function",
      "process.exit.code": 0,
    });
    expect(tool!.attributes["gen_ai.tool.call.arguments"]).toBeUndefined();
    // the span lasts about as long as the command ran (sleep 0.8; codex reports the start a little after the
    // process started, so allow 200 ms), inside the turn
    expect(ms(tool!.duration)).toBeGreaterThanOrEqual(600);
    expect(ms(tool!.startTime)).toBeGreaterThanOrEqual(ms(agent!.startTime));
    expect(ms(tool!.endTime)).toBeLessThanOrEqual(ms(agent!.endTime));

    // the codex process (exec: one per turn, a child of the turn) or the app-server's requests
    if (backend === "exec") {
      const [process] = named("codex exec");
      expect(process!.attributes["process.exit.code"]).toBe(0);
      expect(parentId(process!)).toBe(agent!.spanContext().spanId);
    } else {
      expect(named("codex app-server")).toHaveLength(0); // still running until close
      const methods = exporter.getFinishedSpans().map((s) => s.attributes["rpc.method"]).filter(Boolean);
      expect(methods).toEqual(expect.arrayContaining(["thread/start", "turn/start"]));
      await codex.close();
      await expect.poll(() => named("codex app-server").length).toBe(1);
    }
  });

  it("records content only with recordContent, marks failed commands and failed turns as errors", async () => {
    h = await harness([runCommand("echo secret-output; exit 4"), { fail: { message: "model broke" } }], {
      backend,
      retries: 0,
    });
    const codex = instrument(h.codex, { tracerProvider, recordContent: true });
    const thread = codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    const err = await thread.run("the secret prompt").catch((e: unknown) => e);
    expect(isTurnFailedError(err)).toBe(true);
    const [agent] = named("invoke_agent");
    expect(agent!.status.code).toBe(2); // ERROR
    expect(agent!.attributes["error.type"]).toBe("turn_failed");
    expect(agent!.attributes["gen_ai.response.finish_reasons"]).toEqual(["error"]);
    expect(String(agent!.attributes["gen_ai.input.messages"])).toContain("the secret prompt");
    const [tool] = named("execute_tool");
    expect(tool!.status.code).toBe(2);
    expect(tool!.attributes["process.exit.code"]).toBe(4);
    expect(String(tool!.attributes["gen_ai.tool.call.arguments"])).toContain("echo secret-output");
    expect(String(tool!.attributes["gen_ai.tool.call.result"])).toContain("secret-output");
  });
});

describe("telemetry never fails a turn", () => {
  it("a tracer provider that throws leaves the turn intact", async () => {
    h = await harness([reply("still fine")]);
    const broken = {
      getTracer: () => ({
        startSpan: () => {
          throw new Error("exporter down");
        },
        startActiveSpan: () => {
          throw new Error("exporter down");
        },
      }),
    };
    const codex = instrument(h.codex, { tracerProvider: broken as never });
    const turn = await codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir }).run("hi");
    expect(turn.finalResponse).toBe("still fine");
  });

  it("does nothing without instrument(): no spans, and instrument() twice traces once", async () => {
    h = await harness([reply("one"), reply("two")]);
    await h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir }).run("untraced");
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    const codex = instrument(instrument(h.codex, { tracerProvider }), { tracerProvider });
    await codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir }).run("traced");
    expect(named("invoke_agent")).toHaveLength(1);
  });
});
