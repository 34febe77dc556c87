// Aborts that always land and early exits that stop the turn, on the app-server backend of Thread and on
// AppServerClient.turnSession: the real codex app-server against a scripted model that counts the model streams
// codex still holds open. A prompt containing "hang" gets a stream that never completes; any other prompt gets
// "done: <prompt>". Every case checks that each promise settles with a typed error, that the model request is
// closed (nothing left running), and that the thread then runs a next turn.
import process from "node:process";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AppServerClient,
  isCodexAbortError,
  isCodexCLIError,
  type Thread,
} from "@codexkit/sdk";
import { reply } from "@codexkit/sdk/testing";
import { type Harness, harness } from "../helpers/harness.ts";
import { eventually } from "../helpers/process-state.ts";
import { lastUserText, startTrackedModel, type TrackedModel, WireTap } from "../helpers/tracked-model.ts";

let h: Harness | undefined;
let client: AppServerClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  await h?.codex.close();
  await h?.dispose();
  h = undefined;
});

interface Setup {
  h: Harness;
  model: TrackedModel;
  tap: WireTap;
}

async function setup(): Promise<Setup> {
  const model = await startTrackedModel((request) => {
    const text = lastUserText(request.body);
    return text.includes("hang") ? { hang: true } : reply(`done: ${text}`);
  });
  let tap!: WireTap;
  h = await harness([], {
    backend: "app-server",
    server: model.server,
    wrap: (inner) => (tap = new WireTap(inner)),
  });
  return { h, model, tap };
}

/** Waits until codex holds a model stream open (the turn really runs). */
async function streaming(model: TrackedModel): Promise<void> {
  expect(await eventually(() => model.live() > 0)).toBe(true);
}

/** An abort error from codex confirming the interrupt, not from the SDK giving up on waiting for it. */
function expectAbort(err: unknown): void {
  expect(isCodexAbortError(err)).toBe(true);
  expect((err as Error).message).not.toMatch(/did not confirm/);
}

/** The thread is usable: nothing is left running, and a next turn completes with its own answer. */
async function nextTurnRuns(thread: Thread, model: TrackedModel): Promise<void> {
  expect(await model.idle()).toBe(true);
  const turn = await thread.run("next please");
  expect(turn.finalResponse).toBe("done: next please");
}

/** Counts listeners a signal gets and loses, so a test can see that a finished turn left none behind. */
function countedSignal(controller: AbortController): { signal: AbortSignal; attached: () => number } {
  const { signal } = controller;
  let attached = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => {
    attached++;
    add(type, listener, options);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((type: string, listener: EventListener, options?: EventListenerOptions) => {
    attached--;
    remove(type, listener, options);
  }) as typeof signal.removeEventListener;
  return { signal, attached: () => attached };
}

describe("aborting a Thread turn on the app-server backend", () => {
  it("already aborted: rejects without sending turn/start", async () => {
    const { h, tap } = await setup();
    const thread = h.codex.startThread({ workingDirectory: h.workDir });
    await thread.run("first");
    const err = await thread.run("hang", { signal: AbortSignal.abort() }).catch((e) => e);
    expect(isCodexAbortError(err)).toBe(true);
    expect(tap.methods.filter((m) => m === "turn/start")).toHaveLength(1);
  });

  it("abort at 0 ms on a thread with a finished turn: rejects, closes the model request, next turn runs", async () => {
    const { h, model } = await setup();
    const thread = h.codex.startThread({ workingDirectory: h.workDir });
    await thread.run("first");
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const running = thread.run(`hang ${i}`, { signal: controller.signal });
      setTimeout(() => controller.abort(), 0);
      expectAbort(await running.catch((e) => e));
      await nextTurnRuns(thread, model);
    }
  });

  it("abort during the turn/start round trip: rejects, interrupts the turn, next turn runs", async () => {
    const { h, model, tap } = await setup();
    const thread = h.codex.startThread({ workingDirectory: h.workDir });
    await thread.run("first");
    const controller = new AbortController();
    tap.onRequest = (method) => method === "turn/start" && controller.abort(new Error("user left"));
    const err = await thread.run("hang", { signal: controller.signal }).catch((e) => e);
    tap.onRequest = null;
    expectAbort(err);
    expect((err.cause as Error).message).toBe("user left");
    expect(tap.methods).toContain("turn/interrupt");
    await nextTurnRuns(thread, model);
  });

  it("abort mid-stream: rejects, closes the model request, next turn runs", async () => {
    const { h, model } = await setup();
    const thread = h.codex.startThread({ workingDirectory: h.workDir });
    const controller = new AbortController();
    const running = thread.run("hang", { signal: controller.signal });
    await streaming(model);
    controller.abort();
    expectAbort(await running.catch((e) => e));
    await nextTurnRuns(thread, model);
  });

  it("abort after completion: the turn stays completed and no listener is left on the signal", async () => {
    const { h, model, tap } = await setup();
    const thread = h.codex.startThread({ workingDirectory: h.workDir });
    const controller = new AbortController();
    const { signal, attached } = countedSignal(controller);
    const turn = await thread.run("quick", { signal });
    expect(attached()).toBe(0);
    controller.abort();
    await new Promise((r) => setTimeout(r, 50));
    expect(turn.finalResponse).toBe("done: quick");
    expect(tap.methods).not.toContain("turn/interrupt");
    await nextTurnRuns(thread, model);
  });

  it("40 threads aborted at moments spread over 0–600 ms all settle, and each runs its next turn", async () => {
    const { h, model } = await setup();
    const threads = Array.from({ length: 40 }, () => h.codex.startThread({ workingDirectory: h.workDir }));
    await Promise.all(threads.map((t, i) => t.run(`warm ${i}`)));
    const results = await Promise.allSettled(threads.map((t, i) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), i * 15);
      return t.run(`hang ${i}`, { signal: controller.signal });
    }));
    // every promise settles with a typed error; on a heavily loaded machine an interrupt may outlast the 10 s the
    // SDK waits for codex's confirmation (the error then says so), which is why this checks the type only
    for (const r of results) expect(r.status === "rejected" && isCodexAbortError(r.reason)).toBe(true);
    expect(await model.idle(20_000)).toBe(true);
    const next = await Promise.all(threads.map((t, i) => t.run(`after ${i}`)));
    expect(next.map((t) => t.finalResponse)).toEqual(threads.map((_, i) => `done: after ${i}`));
    expect(h.transport.channels).toHaveLength(1);
  }, 180_000);
});

describe("leaving a Thread turn early on the app-server backend", () => {
  it("breaking out of runStreamed interrupts the turn; the thread runs its next turn", async () => {
    const { h, model, tap } = await setup();
    const thread = h.codex.startThread({ workingDirectory: h.workDir });
    const { events } = await thread.runStreamed("hang");
    for await (const event of events) {
      if (event.type === "turn.started") {
        await streaming(model);
        break;
      }
    }
    expect(tap.methods).toContain("turn/interrupt");
    await nextTurnRuns(thread, model);
  });

  it("breaking out right after thread.started, before any turn event, still stops the turn", async () => {
    const { h, model } = await setup();
    const thread = h.codex.startThread({ workingDirectory: h.workDir });
    await thread.run("first");
    const { events } = await thread.runStreamed("hang");
    for await (const event of events) if (event.type === "thread.started") break;
    await nextTurnRuns(thread, model);
  });

  it("a hook that throws in runWithHooks rejects with its error and interrupts the turn", async () => {
    const { h, model, tap } = await setup();
    const thread = h.codex.startThread({ workingDirectory: h.workDir });
    const err = await thread.runWithHooks("hang", {
      onEvent: async (event) => {
        if (event.type !== "turn.started") return;
        await streaming(model);
        throw new Error("hook failed");
      },
    }).catch((e) => e);
    expect((err as Error).message).toBe("hook failed");
    expect(tap.methods).toContain("turn/interrupt");
    await nextTurnRuns(thread, model);
  });
});

describe("aborting AppServerClient.turnSession", () => {
  async function connect(): Promise<{ h: Harness; model: TrackedModel; tap: WireTap; threadId: string }> {
    const s = await setup();
    client = await s.h.codex.connectAppServer();
    const { thread } = await client.startThread({ cwd: s.h.workDir });
    await (await client.turnSession(thread.id, "first")).wait();
    return { ...s, threadId: thread.id };
  }

  async function nextSessionRuns(threadId: string, model: TrackedModel): Promise<void> {
    expect(await model.idle()).toBe(true);
    const { turn, items } = await (await client!.turnSession(threadId, "next please")).wait();
    expect(turn.status).toBe("completed");
    expect(items.some((i) => i.type === "agentMessage" && i.text === "done: next please")).toBe(true);
  }

  it("already aborted: turnSession rejects and sends nothing", async () => {
    const { tap, threadId } = await connect();
    const sent = tap.methods.length;
    const err = await client!.turnSession(threadId, "hang", { signal: AbortSignal.abort() }).catch((e) => e);
    expect(isCodexAbortError(err)).toBe(true);
    expect(tap.methods.length).toBe(sent);
  });

  it("abort during the turn/start round trip: wait() rejects once the turn is interrupted", async () => {
    const { model, tap, threadId } = await connect();
    const controller = new AbortController();
    tap.onRequest = (method) => method === "turn/start" && controller.abort();
    const session = await client!.turnSession(threadId, "hang", { signal: controller.signal });
    tap.onRequest = null;
    expectAbort(await session.wait().catch((e) => e));
    expect(session.settled).toBe(true);
    expect(tap.methods).toContain("turn/interrupt");
    await nextSessionRuns(threadId, model);
  });

  it("abort mid-stream: the iteration and wait() reject with CodexAbortError", async () => {
    const { model, threadId } = await connect();
    const controller = new AbortController();
    const session = await client!.turnSession(threadId, "hang", { signal: controller.signal });
    await streaming(model);
    controller.abort();
    const iterated = await (async () => {
      for await (const _ of session);
    })().catch((e) => e);
    expectAbort(iterated);
    expectAbort(await session.wait().catch((e) => e));
    await nextSessionRuns(threadId, model);
  });

  it("abort after completion leaves the completed turn as it was", async () => {
    const { model, threadId, tap } = await connect();
    const controller = new AbortController();
    const session = await client!.turnSession(threadId, "quick", { signal: controller.signal });
    const { turn } = await session.wait();
    controller.abort();
    session.abort();
    expect(turn.status).toBe("completed");
    expect((await session.wait()).turn.status).toBe("completed");
    expect(tap.methods).not.toContain("turn/interrupt");
    await nextSessionRuns(threadId, model);
  });

  it("a client whose app-server is killed rejects the running session with CodexCLIError and its signal", async () => {
    const { model, h, threadId } = await connect();
    const session = await client!.turnSession(threadId, "hang");
    await streaming(model);
    process.kill(h.transport.channels.at(-1)!.pid!, "SIGKILL");
    const err = await session.wait().catch((e) => e);
    expect(isCodexCLIError(err)).toBe(true);
    expect(err.signal).toBe("SIGKILL");
    expect(err.exitCode).toBe(null);
    expect(err.message).toContain("SIGKILL");
  });
});

describe("an app-server killed under a Thread", () => {
  it("fails the running turn with CodexCLIError (signal, exit code) and starts a fresh app-server next", async () => {
    const { h, model } = await setup();
    const thread = h.codex.startThread({ workingDirectory: h.workDir });
    const running = thread.run("hang");
    await streaming(model);
    process.kill(h.transport.channels.at(-1)!.pid!, "SIGKILL");
    const err = await running.catch((e) => e);
    expect(isCodexCLIError(err)).toBe(true);
    expect(err.signal).toBe("SIGKILL");
    expect(err.exitCode).toBe(null);
    await nextTurnRuns(thread, model);
    expect(h.transport.channels).toHaveLength(2);
  });

  it("a run issued between the crash and `closed` starts a fresh app-server instead of failing", async () => {
    const { h, model } = await setup();
    const thread = h.codex.startThread({ workingDirectory: h.workDir });
    await thread.run("first");
    process.kill(h.transport.channels.at(-1)!.pid!, "SIGKILL");
    const turn = await thread.run("right after the crash");
    expect(turn.finalResponse).toBe("done: right after the crash");
    expect(h.transport.channels).toHaveLength(2);
    await nextTurnRuns(thread, model);
  });
});
