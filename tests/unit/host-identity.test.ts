// The client's side of many hosts, as pure functions: the URL a reconnect dials to ask the proxy for its host, when a
// reached host can hold a channel, and what the error says when it cannot.
import { describe, expect, it } from "vitest";
import { canResumeOn, hostGoneError, stickyUrl } from "../../src/relay/host-identity.ts";

describe("host identity on the client", () => {
  it("a reconnect names its host in the query, keeping the URL's own parameters", () => {
    expect(stickyUrl("ws://127.0.0.1:8080", "a")).toBe("ws://127.0.0.1:8080/?codexkit_host=a");
    expect(stickyUrl("wss://codex.example.com/relay?team=x", "pod-1")).toBe("wss://codex.example.com/relay?team=x&codexkit_host=pod-1");
    expect(stickyUrl("wss://codex.example.com/?codexkit_host=old", "new")).toBe("wss://codex.example.com/?codexkit_host=new");
    expect(stickyUrl("wss://codex.example.com/relay", "")).toBe("wss://codex.example.com/relay");
  });

  it("resumes only on the host process that opened the channel; an unnamed host gets the benefit of the doubt", () => {
    const a1 = { id: "a", instance: "1" };
    expect(canResumeOn(a1, { id: "a", instance: "1" })).toBe(true);
    expect(canResumeOn(a1, { id: "b", instance: "2" })).toBe(false);
    expect(canResumeOn(a1, { id: "a", instance: "3" })).toBe(false); // restarted
    expect(canResumeOn(undefined, { id: "b", instance: "2" })).toBe(true);
    expect(canResumeOn({ id: "", instance: "" }, { id: "b", instance: "2" })).toBe(true);
    expect(canResumeOn(a1, { id: "", instance: "" })).toBe(true);
  });

  it("HOST_GONE says which host is gone, where the reconnect landed, and how to continue the thread", () => {
    const moved = hostGoneError(4, { id: "a", instance: "1" }, { id: "b", instance: "2" });
    expect(moved).toMatchObject({ code: "CODEX_RELAY_ERROR", reason: "HOST_GONE" });
    expect(moved.message).toBe(
      'Cannot resume channel 4: codex host "a" that ran it is gone (the reconnect reached host "b"), and what it was ' +
        "running went with it; a thread lives on in the CODEX_HOME the hosts share: run it again (or " +
        "codex.resumeThread(id)) to continue it on the host reached now",
    );
    expect(hostGoneError(4, { id: "a", instance: "1" }, { id: "a", instance: "2" }).message).toContain('reached host "a" restarted');
  });
});
