// The app-server backend as `Codex` holds it loads the app-server half on the first turn: what needs none of that code
// is refused before it loads, a failed load is a typed error the next turn gets past, and closing before (or after a
// failed) load has nothing to stop. The half is replaced by a scripted stand-in; the real load is what every
// app-server e2e test exercises, and the browser test fetches it as a chunk (and fails to, with a typed error).
import { describe, expect, it } from "vitest";
import { isCodexOptionsError, type ThreadEvent, type TurnBackend } from "@codexkit/sdk";
import { lazyAppServerBackend, loadAppServerHalf } from "../../src/app-server/lazy-backend.ts";

const request = { prompt: "hi", parts: [], options: {}, threadId: null, resumeLast: false };
const control = { onTurnId: () => {} };

function standIn() {
  const calls: string[] = [];
  const backend: TurnBackend = {
    async *runTurn() {
      calls.push("runTurn");
      yield { type: "turn.started" } satisfies ThreadEvent;
    },
    async steer() {
      calls.push("steer");
    },
    async close() {
      calls.push("close");
    },
  };
  return { calls, half: { appServerBackend: (size: number) => (calls.push(`backend(${size})`), backend) } };
}

async function events(backend: TurnBackend): Promise<ThreadEvent[]> {
  const out: ThreadEvent[] = [];
  for await (const event of backend.runTurn(request, control)) out.push(event);
  return out;
}

const noConnect = () => Promise.reject(new Error("not called by the stand-in"));

describe("lazy app-server backend", () => {
  it("loads the half on the first turn, once, and delegates to it", async () => {
    const { calls, half } = standIn();
    let loads = 0;
    const backend = lazyAppServerBackend(3, noConnect, async () => (loads++, half));
    expect(loads).toBe(0);
    expect(await events(backend)).toEqual([{ type: "turn.started" }]);
    await backend.steer!("t", "u", []);
    await events(backend);
    await backend.close!();
    expect(loads).toBe(1);
    expect(calls).toEqual(["backend(3)", "runTurn", "steer", "runTurn", "close"]);
  });

  it("refuses a bad pool size and exec-only options before loading anything", () => {
    let loads = 0;
    const load = async () => (loads++, standIn().half);
    expect(() => lazyAppServerBackend(0, noConnect, load)).toThrow(/appServerPool/);
    const backend = lazyAppServerBackend(1, noConnect, load);
    const err = (() => {
      try {
        backend.checkRequest!({ ...request, options: { remote: "ws://x" } });
      } catch (e) {
        return e;
      }
    })();
    expect(isCodexOptionsError(err)).toBe(true);
    expect((err as Error).message).toMatch(/^Invalid option remote: .*exec backend/);
    expect(loads).toBe(0);
  });

  it("fails a turn whose load fails, and loads again for the next", async () => {
    const { calls, half } = standIn();
    let loads = 0;
    const backend = lazyAppServerBackend(1, noConnect, async () => {
      if (++loads === 1) throw new Error("chunk unavailable");
      return half;
    });
    await expect(events(backend)).rejects.toThrow("chunk unavailable");
    await backend.close!(); // nothing was loaded: nothing to close, no error
    expect(await events(backend)).toEqual([{ type: "turn.started" }]);
    expect(loads).toBe(2);
    expect(calls).toEqual(["backend(1)", "runTurn"]);
  });

  it("closing before any turn loads nothing", async () => {
    let loads = 0;
    const backend = lazyAppServerBackend(1, noConnect, async () => (loads++, standIn().half));
    await backend.close!();
    expect(loads).toBe(0);
  });

  it("loads the real half: AppServerClient and the backend factory", async () => {
    const half = await loadAppServerHalf();
    expect(typeof half.AppServerClient.connect).toBe("function");
    expect(typeof half.appServerBackend).toBe("function");
    expect(await loadAppServerHalf()).toBe(half);
  });
});
