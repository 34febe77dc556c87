// End to end: the real codex binary (`codex exec --json`) against the scripted Responses model on 127.0.0.1,
// with a fresh CODEX_HOME per test.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import { afterEach, describe, expect, it } from "vitest";
import {
  isCodexAbortError,
  isCodexCLIError,
  isCodexOutputValidationError,
  isTurnFailedError,
  type ThreadEvent,
} from "@codexkit/sdk";
import { inputItems, reply, runCommand } from "@codexkit/sdk/testing";
import { type Harness, harness, isAlive, userTexts } from "../helpers/harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

async function collect(events: AsyncIterable<ThreadEvent>): Promise<ThreadEvent[]> {
  const out: ThreadEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe("exec mode with the real codex", () => {
  it("runs a plain message turn: items, finalResponse, per-turn and cumulative usage", async () => {
    h = await harness([reply("Hello from the script", { usage: { input_tokens: 1200, output_tokens: 30 } })]);
    const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    const turn = await thread.run("Say hello");
    expect(turn.finalResponse).toBe("Hello from the script");
    expect(turn.agentMessages().map((m) => m.text)).toEqual(["Hello from the script"]);
    expect(turn.usage).toMatchObject({ input_tokens: 1200, output_tokens: 30 });
    expect(turn.cumulativeUsage).toMatchObject({ input_tokens: 1200, output_tokens: 30 });
    expect(thread.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(turn.threadId).toBe(thread.id);
    expect(userTexts(h.server.model.responseRequests[0]!.body)).toContain("Say hello");
    expect(h.server.requests[0]!.headers["user-agent"] ?? "").toContain("codexkit_sdk_ts");
  });

  it("streams events in protocol order", async () => {
    h = await harness([reply("streamed answer", { stream: true })]);
    const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    const { events } = await thread.runStreamed("stream please");
    const types = (await collect(events)).map((e) => (e.type === "item.completed" ? `item:${e.item.type}` : e.type));
    expect(types[0]).toBe("thread.started");
    const known = types.filter((t) => t !== "item:error"); // codex adds a model-metadata notice for mock-model
    expect(known).toEqual(["thread.started", "turn.started", "item:agent_message", "turn.completed"]);
  });

  it("runs a real command through exec_command", async () => {
    h = await harness([runCommand("echo hi-from-shell && echo oops >&2 && exit 3"), reply("Command done.")]);
    const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    const started: string[] = [];
    const turn = await thread.runWithHooks("run it", {
      onItemStarted: (item) => void started.push(item.type),
      onItem: { command_execution: (cmd) => void started.push(`done:${cmd.exit_code}`) },
    });
    const [cmd] = turn.commands();
    expect(cmd).toBeDefined();
    expect(cmd!.command).toContain("echo hi-from-shell");
    expect(cmd!.aggregated_output).toContain("hi-from-shell");
    expect(cmd!.aggregated_output).toContain("oops");
    expect(cmd!.exit_code).toBe(3);
    expect(cmd!.status).toBe("failed");
    expect(started).toEqual(["command_execution", "done:3"]);
    // the second model request carries the command's output back to the model
    const output = inputItems(h.server.model.responseRequests[1]!).find((i) => i.type === "function_call_output");
    expect(JSON.stringify(output)).toContain("hi-from-shell");
    expect(turn.finalResponse).toBe("Command done.");
  });

  it("continues a thread, and resumeThread(id) sends the earlier history", async () => {
    h = await harness([
      reply("first answer", { usage: { input_tokens: 1200 } }),
      reply("second answer", { usage: { input_tokens: 1300 } }),
      reply("third answer", { usage: { input_tokens: 1400, output_tokens: 7 } }),
    ]);
    const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    await thread.run("first question");
    const second = await thread.run("second question");
    expect(second.usage).toMatchObject({ input_tokens: 1300 });
    expect(second.cumulativeUsage).toMatchObject({ input_tokens: 2500 });

    const resumed = h.codex.resumeThread(thread.id!, { skipGitRepoCheck: true, workingDirectory: h.workDir });
    expect(resumed.id).toBe(thread.id);
    const third = await resumed.run("third question");
    expect(third.finalResponse).toBe("third answer");
    expect(third.cumulativeUsage).toMatchObject({ input_tokens: 3900 });
    // per-turn usage is right even though earlier turns ran in other processes
    expect(third.usage).toMatchObject({ input_tokens: 1400, output_tokens: 7 });
    const history = JSON.stringify(h.server.model.responseRequests[2]!.body?.input);
    for (const text of ["first question", "first answer", "second question", "second answer", "third question"]) {
      expect(history).toContain(text);
    }
    expect(h.transport.specs[2]).toMatchObject({ mode: "exec", resume: thread.id });
  });

  it("resumeLastThread() continues the newest session", async () => {
    h = await harness([reply("older"), reply("newest"), reply("continued")]);
    const older = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    await older.run("older thread");
    const newest = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    await newest.run("newest thread");
    const last = h.codex.resumeLastThread({ skipGitRepoCheck: true });
    expect(last.id).toBeNull();
    let idAtStart: string | null = "unset";
    const { events } = await last.runStreamed("and now?");
    for await (const e of events) if (e.type === "thread.started" && idAtStart === "unset") idAtStart = last.id;
    expect(idAtStart).toBe(newest.id); // found before codex reported it…
    expect(last.id).toBe(newest.id);
    expect(h.transport.specs.at(-1)).toMatchObject({ resume: newest.id }); // …and resumed by id
    const history = JSON.stringify(h.server.model.responseRequests[2]!.body?.input);
    expect(history).toContain("newest thread");
    expect(history).not.toContain("older thread");
  });

  it("runs structured output with a valibot schema: text.format carries the schema, data is validated", async () => {
    h = await harness([reply('{"summary":"all good","status":"ok"}'), reply('{"summary":42}')]);
    const schema = v.object({ summary: v.string(), status: v.picklist(["ok", "action_required"]) });
    const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    const turn = await thread.runJson("Status?", { schema });
    expect(turn.data).toEqual({ summary: "all good", status: "ok" });
    const format: any = h.server.model.responseRequests[0]!.body?.text?.format;
    expect(format.type).toBe("json_schema");
    expect(format.schema.properties.status.enum).toEqual(["ok", "action_required"]);
    expect(format.schema.additionalProperties).toBe(false);

    const err = await thread.runJson("Status again?", { schema }).catch((e) => e);
    expect(isCodexOutputValidationError(err)).toBe(true);
    expect(err.text).toBe('{"summary":42}');
  });

  it("accepts a plain JSON Schema as outputSchema", async () => {
    h = await harness([reply('{"answer":7}')]);
    const jsonSchema = {
      type: "object",
      properties: { answer: { type: "number" } },
      required: ["answer"],
      additionalProperties: false,
    };
    const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    const turn = await thread.run("Answer", { outputSchema: jsonSchema });
    expect(JSON.parse(turn.finalResponse)).toEqual({ answer: 7 });
    expect(h.server.model.responseRequests[0]!.body?.text?.format?.schema).toMatchObject(jsonSchema);
  });

  it("sends an image part to the model", async () => {
    h = await harness([reply("I see a pixel")]);
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    const imagePath = join(h.workDir, "pixel.png");
    await writeFile(imagePath, png);
    const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    const turn = await thread.run([
      { type: "text", text: "What is in this image?" },
      { type: "local_image", path: imagePath },
    ]);
    expect(turn.finalResponse).toBe("I see a pixel");
    expect(h.transport.specs[0]).toMatchObject({ images: [imagePath] });
    const content = inputItems(h.server.model.responseRequests[0]!).flatMap((i) => i.content ?? []);
    const image = content.find((c: any) => c.type === "input_image");
    expect(image?.image_url).toMatch(/^data:image\/png;base64,/);
    expect(content.some((c: any) => c.type === "input_text" && c.text.includes("What is in this image?"))).toBe(true);
  });

  it("aborts mid-turn: typed abort error and the codex process is gone", async () => {
    h = await harness([{ hang: true }]);
    const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    const controller = new AbortController();
    const { events } = await thread.runStreamed("hang forever", { signal: controller.signal });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const e of events) {
        seen.push(e.type);
        if (e.type === "turn.started") setTimeout(() => controller.abort(new Error("user cancelled")), 200);
      }
    })().catch((e) => e);
    expect(seen).toContain("turn.started");
    expect(isCodexAbortError(err)).toBe(true);
    expect((err.cause as Error).message).toBe("user cancelled");
    const channel = h.transport.channels[0]!;
    const status = await channel.exited;
    expect(status.exitCode === null || status.exitCode !== 0).toBe(true);
    expect(isAlive(channel.pid!)).toBe(false);
  });

  it("rejects at once when the signal is already aborted, without starting codex", async () => {
    h = await harness([reply("never")]);
    const thread = h.codex.startThread({ skipGitRepoCheck: true });
    const err = await thread.run("x", { signal: AbortSignal.abort() }).catch((e) => e);
    expect(isCodexAbortError(err)).toBe(true);
    expect(h.transport.channels).toHaveLength(0);
  });

  it("turns turn.failed into TurnFailedError, and streams the event", async () => {
    h = await harness([{ fail: { message: "model exploded" } }, { fail: { message: "model exploded again" } }]);
    const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    const err = await thread.run("fail please").catch((e) => e);
    expect(isTurnFailedError(err)).toBe(true);
    expect(err.message).toContain("model exploded");
    const { events } = await thread.runStreamed("fail again");
    const all = await collect(events);
    const failed = all.find((e) => e.type === "turn.failed");
    expect(failed && failed.type === "turn.failed" && failed.error.message).toContain("model exploded again");
  });

  it("surfaces non-fatal Reconnecting errors and still completes", async () => {
    h = await harness([{ disconnect: true }, reply("recovered")], {
      retries: 1,
    });
    const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    const notices: string[] = [];
    const turn = await thread.runWithHooks("try", { onError: (e) => void notices.push(e.type === "error" ? e.message : "") });
    expect(turn.finalResponse).toBe("recovered");
    expect(notices.some((m) => /^Reconnecting\.\.\. 1\/1/.test(m))).toBe(true);
  });

  it("reports codex exiting non-zero with its stderr tail", async () => {
    h = await harness([reply("never")], { config: { approval_policy: "untrusted" } });
    const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    const err = await thread.run("x").catch((e) => e);
    expect(isCodexCLIError(err)).toBe(true);
    expect(err.exitCode).not.toBe(0);
    expect(err.stderrTail).toContain("untrusted");
    expect(err.message).toContain("untrusted");
  });

  it("passes thread options to codex: model, working directory, sandbox", async () => {
    h = await harness([runCommand("pwd"), reply("ok")]);
    const thread = h.codex.startThread({
      skipGitRepoCheck: true,
      workingDirectory: h.workDir,
      model: "mock-model-2",
      sandboxMode: "workspace-write",
      modelReasoningEffort: "low",
    });
    const turn = await thread.run("where am I?");
    expect(turn.commands()[0]!.aggregated_output).toContain(h.workDir);
    const body = h.server.model.responseRequests[0]!.body!;
    expect(body.model).toBe("mock-model-2");
    expect(body.reasoning?.effort).toBe("low");
  });
});
