// `appServerPool` is validated where Codex is created: a clear typed error naming the option, nothing started.
import { describe, expect, it } from "vitest";
import { Codex, isCodexOptionsError } from "@codexkit/sdk";
import { MemoryTransport } from "@codexkit/sdk/memory";

describe("appServerPool option", () => {
  const opened: string[] = [];
  const transport = new MemoryTransport(() => {
    opened.push("spawned");
  });

  it.each([0, -1, 1.5, 65, Number.NaN])("rejects %s", (size) => {
    const err = (() => {
      try {
        new Codex({ transport, backend: "app-server", appServerPool: size });
      } catch (e) {
        return e;
      }
    })();
    expect(isCodexOptionsError(err)).toBe(true);
    expect((err as Error).message).toContain("appServerPool");
    expect(opened).toEqual([]);
  });

  it("needs the app-server backend", () => {
    expect(() => new Codex({ transport, appServerPool: 2 })).toThrow(/appServerPool.*app-server/);
    expect(opened).toEqual([]);
  });

  it("accepts 1 to 64 with the app-server backend and starts nothing until a turn", async () => {
    const codex = new Codex({ transport, backend: "app-server", appServerPool: 64 });
    codex.startThread();
    await codex.close();
    expect(opened).toEqual([]);
  });
});
