// The Node transport's process semantics, checked against a fake "codex" shell script (the real codex cannot be
// told to misbehave on demand): line framing, stdin close, stderr tail, exit codes, signals, process-group kill.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Channel, isCodexLineTooLongError, iterateStream, NodeTransport } from "@codexkit/sdk/node";
import { isAlive } from "../helpers/harness.ts";

const FAKE = `#!/bin/bash
case "$FAKE_MODE" in
  echo) while IFS= read -r line; do echo "got:$line"; done; echo "eof"; exit 0 ;;
  args) printf '%s\\n' "$@" ;;
  stderr) head -c 200000 /dev/zero | tr '\\0' 'x' >&2; echo "tail-marker" >&2; exit 3 ;;
  huge) head -c 20000000 /dev/zero | tr '\\0' 'a'; echo; echo after ;;
  utf8) printf '\\xc3'; sleep 0.05; printf '\\xa9t\\xc3\\xa9\\r\\n'; sleep 0.05; printf '\\xf0\\x9f'; sleep 0.05; printf '\\x98\\x80\\n' ;;
  family) sleep 1000 & echo "child:$!"; trap '' TERM; while true; do sleep 0.1; done ;;
  stubborn) trap '' TERM; echo ready; while true; do sleep 0.1; done ;;
  selfkill) kill -9 $$ ;;
  quick) exit 0 ;;
esac
`;

let dir: string;
let fake: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "codexkit-fake-"));
  fake = join(dir, "fake-codex");
  await writeFile(fake, FAKE);
  await chmod(fake, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function open(mode: string, transport = new NodeTransport({ killGraceMs: 300 })): Promise<Channel> {
  return transport.open({
    mode: "exec",
    options: { codexPathOverride: fake, env: { PATH: process.env.PATH ?? "", FAKE_MODE: mode } },
  });
}

async function lines(channel: Channel): Promise<string[]> {
  const out: string[] = [];
  for await (const l of iterateStream(channel.lines)) out.push(l);
  return out;
}

describe("NodeTransport", () => {
  it("writes stdin, closes it, and reads stdout as lines", async () => {
    const channel = await open("echo");
    await channel.write("one\ntwo\n");
    await channel.write("three\n");
    await channel.closeStdin();
    expect(await lines(channel)).toEqual(["got:one", "got:two", "got:three", "eof"]);
    expect(await channel.exited).toMatchObject({ exitCode: 0, signal: null });
    await expect(channel.write("late\n")).rejects.toThrow(/stdin is closed/);
  });

  it("passes the argv built from the launch spec", async () => {
    const channel = await open("args");
    await channel.closeStdin();
    const argv = await lines(channel);
    expect(argv.slice(0, 2)).toEqual(["exec", "--json"]);
  });

  it("keeps a bounded stderr tail and reports the exit code", async () => {
    const channel = await new NodeTransport({ stderrTailBytes: 1024 }).open({
      mode: "exec",
      options: { codexPathOverride: fake, env: { PATH: process.env.PATH ?? "", FAKE_MODE: "stderr" } },
    });
    await channel.closeStdin();
    await lines(channel);
    const status = await channel.exited;
    expect(status.exitCode).toBe(3);
    expect(status.stderrTail.length).toBeLessThanOrEqual(1024);
    expect(status.stderrTail.endsWith("tail-marker\n")).toBe(true);
  });

  it("fails an over-long line with a typed error", async () => {
    const channel = await open("huge");
    await channel.closeStdin();
    const err = await lines(channel).catch((e) => e);
    expect(isCodexLineTooLongError(err)).toBe(true);
    channel.kill();
    await channel.exited;
  });

  it("decodes UTF-8 split across writes and strips CRLF", async () => {
    const channel = await open("utf8");
    await channel.closeStdin();
    expect(await lines(channel)).toEqual(["ét\u00e9", "😀"]);
  });

  it("kills the whole process group, grandchildren included, escalating to SIGKILL", async () => {
    const channel = await open("family");
    const first = await channel.lines.getReader().read();
    const grandchild = Number(String(first.value).split(":")[1]);
    expect(isAlive(grandchild)).toBe(true);
    channel.kill();
    const status = await channel.exited;
    expect(status.signal).toBe("SIGKILL"); // the leader ignores SIGTERM
    await new Promise((r) => setTimeout(r, 400)); // the grace period, then the group SIGKILL
    expect(isAlive(grandchild)).toBe(false);
    expect(isAlive(channel.pid!)).toBe(false);
  });

  it("aborting the open signal stops the process", async () => {
    const controller = new AbortController();
    const channel = await new NodeTransport({ killGraceMs: 200 }).open({
      mode: "exec",
      options: { codexPathOverride: fake, env: { PATH: process.env.PATH ?? "", FAKE_MODE: "stubborn" } },
    }, { signal: controller.signal });
    const reader = channel.lines.getReader();
    expect((await reader.read()).value).toBe("ready");
    controller.abort();
    const status = await channel.exited;
    expect(status.exitCode).toBeNull();
    expect(status.signal).toBe("SIGKILL");
  });

  it("rejects open with an already-aborted signal", async () => {
    await expect(new NodeTransport().open({ mode: "exec", options: { codexPathOverride: fake } }, {
      signal: AbortSignal.abort(),
    })).rejects.toMatchObject({ code: "CODEX_ABORT_ERROR" });
  });

  it("reports a signal death", async () => {
    const channel = await open("selfkill");
    await channel.closeStdin();
    await lines(channel);
    expect(await channel.exited).toMatchObject({ exitCode: null, signal: "SIGKILL" });
  });

  it("survives writing to a child that already exited", async () => {
    const channel = await open("quick");
    await channel.exited;
    const big = "x".repeat(1 << 20);
    const results = await Promise.allSettled([channel.write(big), channel.write(big), channel.closeStdin()]);
    for (const r of results) if (r.status === "rejected") expect(String(r.reason)).toMatch(/stdin|write|EPIPE/i);
    expect((await channel.exited).exitCode).toBe(0);
  });

  it("names every place it looked when codex is missing", async () => {
    await expect(
      new NodeTransport().open({ mode: "exec", options: { codexPathOverride: join(dir, "nope") } }),
    ).rejects.toMatchObject({ code: "CODEX_NOT_FOUND", message: expect.stringContaining("codexPathOverride") });
  });
});
