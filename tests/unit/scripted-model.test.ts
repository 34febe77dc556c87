// The scripted model stands in for the Responses API in every e2e test, so its wire format (SSE framing, event
// and item shapes) must be what codex parses, and its failure modes must behave as their names promise.
import { getEventListeners } from "node:events";
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { reply, runCommand, ScriptedModel, type ScriptStep, startScriptedModel } from "@codexkit/sdk/testing";

type SseEvent = { event: string; data: any };

const URL_ = "http://model.test/v1/responses";
const post = (model: ScriptedModel, body: unknown = {}, init: RequestInit = {}) =>
  model.fetch(new Request(URL_, { method: "POST", body: JSON.stringify(body), ...init }));
const hangRequest = (signal: AbortSignal) => new Request(URL_, { method: "POST", body: "{}", signal });

// Strict framing: each frame is exactly `event: X\ndata: {...}` and its data's `type` repeats the event name.
function parseSse(text: string): SseEvent[] {
  expect(text.endsWith("\n\n")).toBe(true);
  return text.split("\n\n").filter((f) => f !== "" && !f.startsWith(":")).map((frame) => {
    const match = /^event: (\S+)\ndata: (.+)$/.exec(frame);
    expect(match, frame).not.toBeNull();
    const data = JSON.parse(match![2]!);
    expect(data.type).toBe(match![1]);
    return { event: match![1]!, data };
  });
}

/** Reads until the stream ends or `ms` pass. */
async function readFor(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number) {
  const deadline = Date.now() + ms;
  const decoder = new TextDecoder();
  let text = "";
  while (Date.now() < deadline) {
    const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), deadline - Date.now()));
    const next = await Promise.race([reader.read(), timer]);
    if (next === "timeout") break;
    if (next.done) return { text, done: true };
    text += decoder.decode(next.value, { stream: true });
  }
  return { text, done: false };
}

const events = async (res: Response) => parseSse(await res.text());
const names = (list: SseEvent[]) => list.map((e) => e.event);
const DONE = "response.output_item.done";
const messageText = (list: SseEvent[]) => list.find((e) => e.event === DONE)!.data.item.content[0].text;

describe("ScriptedModel.fetch", () => {
  it("answers a reply with SSE frames: created, the message item, completed with usage", async () => {
    const res = await post(new ScriptedModel([reply("Hello there")]));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const text = await res.text();
    const created = '{"type":"response.created","response":{"id":"resp_1","status":"in_progress"}}';
    expect(text.startsWith(`event: response.created\ndata: ${created}\n\n`)).toBe(true);
    const list = parseSse(text);
    expect(names(list)).toEqual(["response.created", DONE, "response.completed"]);
    const content = [{ type: "output_text", text: "Hello there", annotations: [] }];
    expect(list[1]!.data).toEqual({
      type: DONE,
      output_index: 0,
      item: { type: "message", role: "assistant", id: "item_1_0", status: "completed", content },
    });
    const usage = { input_tokens: 100, input_tokens_details: { cached_tokens: 0 }, output_tokens: 10 };
    expect(list[2]!.data.response).toEqual({
      id: "resp_1",
      status: "completed",
      usage: { ...usage, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 110 },
    });
  });

  it("reports scripted usage in the Responses API's shape", async () => {
    const usage = { input_tokens: 7, cached_input_tokens: 3, output_tokens: 5, reasoning_output_tokens: 2 };
    const list = await events(await post(new ScriptedModel([reply("x", { usage })])));
    expect(list.at(-1)!.data.response.usage).toMatchObject({
      input_tokens_details: { cached_tokens: 3 },
      output_tokens_details: { reasoning_tokens: 2 },
      total_tokens: 12,
    });
  });

  it("streams output_text.delta events whose concatenation is the text", async () => {
    const text = "A streamed answer that is longer than one delta, with é and 😀 in it.";
    const list = await events(await post(new ScriptedModel([reply(text, { stream: true })])));
    expect(names(list).slice(0, 2)).toEqual(["response.created", "response.output_item.added"]);
    const deltas = list.filter((e) => e.event === "response.output_text.delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.data.delta).join("")).toBe(text);
    expect(deltas.every((d) => d.data.item_id === "item_1_0")).toBe(true);
    expect(names(list).slice(-2)).toEqual([DONE, "response.completed"]);
  });

  // Deltas are cut every 8 UTF-16 code units (/.{1,8}/gs without the `u` flag, src/testing/scripted-model.ts
  // #sendOutput), which can split a surrogate pair: the wire then carries "\ud83d" alone, which is not text, and
  // which serde_json (codex) refuses to decode.
  it("never splits a character across deltas", async () => {
    const list = await events(await post(new ScriptedModel([reply("1234567😀 ok", { stream: true })])));
    const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    for (const d of list.filter((e) => e.event === "response.output_text.delta")) {
      expect(d.data.delta).not.toMatch(lone);
    }
  });

  it("sends exec_command and function calls with JSON-encoded arguments", async () => {
    const call_ = { type: "function_call", name: "apply", arguments: { a: [1] }, callId: "call_x" } as const;
    const model = new ScriptedModel([
      runCommand("echo 'hi there'", { workdir: "/tmp" }),
      { output: [call_, { type: "reasoning", text: "why" }] },
    ]);
    const [exec] = (await events(await post(model))).filter((e) => e.event === DONE);
    expect(exec!.data.item).toMatchObject({ type: "function_call", name: "exec_command", call_id: "call_1_0" });
    expect(typeof exec!.data.item.arguments).toBe("string");
    expect(JSON.parse(exec!.data.item.arguments)).toEqual({ cmd: "echo 'hi there'", workdir: "/tmp" });
    const [call, reasoning] = (await events(await post(model))).filter((e) => e.event === DONE);
    expect(call!.data.item).toMatchObject({ name: "apply", call_id: "call_x", arguments: '{"a":[1]}' });
    expect(reasoning!.data).toMatchObject({
      output_index: 1,
      item: { type: "reasoning", summary: [{ type: "summary_text", text: "why" }] },
    });
  });

  it("answers `fail` with response.failed and no response.completed", async () => {
    const model = new ScriptedModel([{ fail: { message: "overloaded" } }, { fail: { message: "x", code: "limit" } }]);
    const list = await events(await post(model));
    expect(names(list)).toEqual(["response.created", "response.failed"]);
    const error = { code: "server_error", message: "overloaded" };
    expect(list[1]!.data.response).toMatchObject({ status: "failed", error });
    expect((await events(await post(model)))[1]!.data.response.error.code).toBe("limit");
  });

  it("answers `httpError` with that status and body", async () => {
    const model = new ScriptedModel([{ httpError: { status: 429, body: "slow" } }, { httpError: { status: 503 } }]);
    const first = await post(model);
    expect([first.status, await first.text()]).toEqual([429, "slow"]);
    const second = await post(model);
    expect([second.status, await second.json()]).toEqual([503, { error: { message: "scripted HTTP error" } }]);
  });

  it("answers 400 naming the request number once the script runs out", async () => {
    const model = new ScriptedModel([reply("only one")]);
    await (await post(model)).text();
    const res = await post(model);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain("request #2");
  });

  it("answers with the fallback step beyond the script, and with pushed steps", async () => {
    const model = new ScriptedModel([reply("first")], { fallback: reply("again") });
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) texts.push(messageText(await events(await post(model))));
    expect(texts).toEqual(["first", "again", "again"]);
    const pushed = new ScriptedModel();
    pushed.push(reply("late"));
    expect(messageText(await events(await post(pushed)))).toBe("late");
  });

  it("calls function steps with the recorded request and its index", async () => {
    const step: ScriptStep = async (request, index) => reply(`${request.body?.input} #${index}`);
    const model = new ScriptedModel([step, step]);
    await (await post(model, { input: "a" })).text();
    expect(messageText(await events(await post(model, { input: "b" })))).toBe("b #1");
  });

  it("records requests with lower-cased headers and the parsed JSON body", async () => {
    const model = new ScriptedModel([reply("x"), reply("y")]);
    const headers = { "X-Trace-ID": "abc", "Content-Type": "application/json" };
    await post(model, { model: "mock", input: [1] }, { headers });
    // other routes get 404 and use up no step
    expect((await model.fetch(new Request("http://model.test/v1/models"))).status).toBe(404);
    const last = await model.fetch(new Request(URL_, { method: "POST", body: "not json" }));
    expect(messageText(await events(last))).toBe("y");
    expect(model.requests).toHaveLength(3);
    const body = { model: "mock", input: [1] };
    expect(model.requests[0]).toMatchObject({ method: "POST", path: "/v1/responses", body });
    expect(model.requests[0]!.headers).toMatchObject({ "x-trace-id": "abc", "content-type": "application/json" });
    expect(model.requests[1]).toMatchObject({ method: "GET", path: "/v1/models", body: null });
    expect(model.requests[2]!.body).toBeNull();
    expect(model.responseRequests.map((r) => r.method)).toEqual(["POST", "POST"]);
  });
});

describe("ScriptedModel failure modes", () => {
  it("keeps a `hang` stream open until the request is aborted", async () => {
    const controller = new AbortController();
    // Held until after the abort: Node's request.signal stops following once the Request is collected (below).
    const request = hangRequest(controller.signal);
    const reader = (await new ScriptedModel([{ hang: true }]).fetch(request)).body!.getReader();
    const seen = await readFor(reader, 300);
    expect(seen.text.startsWith("event: response.created\n")).toBe(true);
    expect(seen.text).toContain(": keep-alive\n\n");
    expect(seen.text).not.toContain("response.completed");
    expect(seen.done).toBe(false);
    controller.abort();
    expect((await readFor(reader, 2000)).done).toBe(true);
    expect(request.signal.aborted).toBe(true);
  });

  // #respond keeps only request.signal, not the Request. Node's Request signal follows its parent through a WeakRef
  // that dies with the Request (nodejs/node#55428), so after a GC the abort never arrives and the keep-alive loop
  // runs forever, also after listenHttp's client went away. Keeping `request` reachable from the stream fixes it.
  it("ends a `hang` stream on abort even after the Request was garbage-collected", async () => {
    // Bun has no V8 flags; it offers a synchronous collection of its own
    const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
    if (!bun) v8.setFlagsFromString("--expose-gc");
    const gc = bun ? () => bun.gc(true) : (vm.runInNewContext("gc") as () => void);
    const controller = new AbortController();
    const res = await new ScriptedModel([{ hang: true }]).fetch(hangRequest(controller.signal));
    const reader = res.body!.getReader();
    for (let i = 0; i < 2; i++) {
      await new Promise((r) => setTimeout(r, 0));
      gc();
    }
    controller.abort();
    const { done } = await readFor(reader, 1000);
    if (!done) await reader.cancel();
    expect(done).toBe(true);
  });

  // sleep() adds a once-listener to the signal per keep-alive tick and never removes it when the timer fires.
  it("does not pile up abort listeners while hanging", async () => {
    const controller = new AbortController();
    const request = hangRequest(controller.signal);
    const reader = (await new ScriptedModel([{ hang: true }]).fetch(request)).body!.getReader();
    await readFor(reader, 650);
    const listeners = getEventListeners(request.signal, "abort").length;
    controller.abort();
    await readFor(reader, 2000);
    expect(listeners).toBeLessThanOrEqual(2);
  });

  it("errors a `disconnect` stream without response.completed", async () => {
    const res = await post(new ScriptedModel([{ disconnect: true, output: [{ type: "message", text: "partial" }] }]));
    const err = await res.text().then(() => null, (e: unknown) => e);
    expect((err as Error).message).toContain("scripted disconnect");
  });

  // The output items are enqueued and controller.error() follows synchronously (src/testing/scripted-model.ts
  // #respond), and erroring a ReadableStream discards its queue: the "items sent before the drop" never arrive.
  it("delivers a `disconnect` step's output items before the drop", async () => {
    const res = await post(new ScriptedModel([{ disconnect: true, output: [{ type: "message", text: "partial" }] }]));
    const reader = res.body!.getReader();
    let text = "";
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
    } catch {
      // the drop itself is expected
    }
    expect(text).toContain(DONE);
  });
});

describe("startScriptedModel", () => {
  it("serves the script on 127.0.0.1 and records real requests", async () => {
    const server = await startScriptedModel([reply("over http")], { retries: 2 });
    try {
      expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const res = await fetch(`${server.baseUrl}/responses`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer test" },
        body: JSON.stringify({ model: "mock-model", input: "hi" }),
      });
      expect(res.status).toBe(200);
      const list = parseSse(await res.text());
      expect(names(list)).toEqual(["response.created", DONE, "response.completed"]);
      expect(messageText(list)).toBe("over http");
      expect(server.requests).toBe(server.model.requests);
      const body = { model: "mock-model", input: "hi" };
      const headers = { authorization: "Bearer test" };
      expect(server.requests[0]).toMatchObject({ method: "POST", path: "/v1/responses", body, headers });
      const provider = { name: "codexkit scripted model", base_url: server.baseUrl, wire_api: "responses" };
      expect(server.config).toEqual({
        model: "mock-model",
        model_provider: "codexkit_scripted",
        model_providers: {
          codexkit_scripted: { ...provider, supports_websockets: false, request_max_retries: 2, stream_max_retries: 2 },
        },
      });
    } finally {
      await server.close();
    }
    const after = fetch(`${server.baseUrl}/responses`, { method: "POST", body: "{}" });
    expect(await after.then(() => "up", () => "down")).toBe("down");
    const defaults = await startScriptedModel();
    await defaults.close();
    expect(defaults.config.model_providers).toMatchObject({
      codexkit_scripted: { request_max_retries: 0, stream_max_retries: 0, supports_websockets: false },
    });
  });
});
