// AppServerConnection's subscriptions over a scripted peer (memory transport): a notifications() iteration that
// ends — by break, by its signal, or by the app-server exiting — leaves no listener behind, and a turn session's
// listeners are released when it settles.
import { describe, expect, it } from "vitest";
import { AppServerConnection, isCodexCLIError, JsonRpcPeer, TurnSession } from "@codexkit/sdk";
import { type MemoryProcess, MemoryTransport } from "@codexkit/sdk/memory";

async function connection(server: (p: MemoryProcess) => Promise<void>): Promise<AppServerConnection> {
  const channel = await new MemoryTransport(server).open({ mode: "app-server", options: {} });
  return new AppServerConnection(new JsonRpcPeer(channel));
}

const RESTING = { pendingRequests: 0, notificationListeners: 0, closeListeners: 0 };

describe("AppServerConnection subscriptions", () => {
  it("a break out of notifications() unsubscribes", async () => {
    const c = await connection(async (p) => {
      for (let i = 0; i < 3; i++) p.line({ method: "thread/status/changed", params: { threadId: "t", i } });
      for await (const _ of p.stdinLines());
    });
    for await (const n of c.notifications({ threadId: "t" })) if ((n.params as { i: number }).i === 1) break;
    expect(c.activity).toEqual(RESTING);
  });

  it("an aborted or closed notifications() iteration unsubscribes", async () => {
    let exit!: () => void;
    const c = await connection(async (p) => {
      await new Promise<void>((resolve) => (exit = resolve));
      p.exit(0);
    });
    const controller = new AbortController();
    const aborted = c.notifications({ signal: controller.signal });
    const untilExit = c.notifications();
    expect(c.activity).toMatchObject({ notificationListeners: 2, closeListeners: 2 });
    controller.abort();
    for await (const _ of aborted);
    expect(c.activity).toMatchObject({ notificationListeners: 1, closeListeners: 1 });
    exit();
    for await (const _ of untilExit);
    expect(c.activity).toEqual(RESTING);
  });

  it("a settled turn session holds no listener; a dead app-server fails it with CodexCLIError", async () => {
    let kill!: () => void;
    const c = await connection(async (p) => {
      for await (const line of p.stdinLines()) {
        const { id } = JSON.parse(line);
        p.line({ id, result: { turn: { id: "u1", items: [], status: "inProgress", error: null } } });
        p.line({ method: "turn/completed", params: { threadId: "t", turn: { id: "u1", items: [], status: "completed", error: null } } });
        break;
      }
      for await (const line of p.stdinLines()) {
        p.line({ id: JSON.parse(line).id, result: { turn: { id: "u2", items: [], status: "inProgress", error: null } } });
        await new Promise<void>((resolve) => (kill = resolve));
        p.exit(null, "SIGKILL");
      }
    });
    const done = await new TurnSession(c, "t").start([]);
    expect((await done.wait()).turn.status).toBe("completed");
    expect(c.activity).toEqual(RESTING);
    const running = await new TurnSession(c, "t").start([]);
    expect(c.activity).toMatchObject({ notificationListeners: 1, closeListeners: 1 });
    kill();
    const err = await running.wait().catch((e) => e);
    expect(isCodexCLIError(err)).toBe(true);
    expect(err.signal).toBe("SIGKILL");
    expect(c.activity).toEqual(RESTING);
  });
});
