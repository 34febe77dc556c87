// The transport conformance suite: one set of cases every transport must pass, so a Channel means the same thing
// on Node, Deno, Bun, in memory (and, later, over a WebSocket). Cases that need an OS process (argv, env, process
// groups, an ignorable SIGTERM) run only for process subjects.
import { existsSync } from "node:fs";
import process from "node:process";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { buildExecCommand, type Channel, isCodexLineTooLongError, iterateStream } from "@codexkit/sdk";
import { eventually, isAlive, processState } from "../helpers/process-state.ts";
import type { Subject } from "./subjects.ts";

async function lines(channel: Channel): Promise<string[]> {
  const out: string[] = [];
  for await (const l of iterateStream(channel.lines)) out.push(l);
  return out;
}

async function firstLine(channel: Channel): Promise<string> {
  const reader = channel.lines.getReader();
  const { value } = await reader.read();
  reader.releaseLock();
  return value ?? "";
}

const errorCode = (err: unknown) => (err as { code?: string })?.code;

export function conformance(subject: Subject): void {
  const processOnly = it.runIf(subject.processes);

  describe(`transport conformance: ${subject.name}`, () => {
    afterEach(() => subject.cleanup());
    afterAll(() => subject.dispose());

    it("echoes a line through stdin and stdout", async () => {
      const channel = await subject.open("echo");
      await channel.write("hello\n");
      await channel.closeStdin();
      expect(await lines(channel)).toEqual(["got:hello", "eof"]);
      expect(await channel.exited).toMatchObject({ exitCode: 0, signal: null });
    });

    it("frames writes split mid-line; closing stdin is idempotent and ends further writes", async () => {
      const channel = await subject.open("echo");
      await channel.write("one\ntw");
      await channel.write("o\nthree\n");
      await channel.closeStdin();
      await channel.closeStdin();
      expect(await lines(channel)).toEqual(["got:one", "got:two", "got:three", "eof"]);
      await expect(channel.write("late\n")).rejects.toMatchObject({ code: "CODEX_TRANSPORT_ERROR" });
    });

    it("takes many writes at once without piling up listeners (no MaxListenersExceededWarning)", async () => {
      // an app-server's stdin sees a write per request: 32 threads starting turns together is 32 pending writes
      const warnings: Error[] = [];
      const onWarning = (w: Error) => warnings.push(w);
      process.on("warning", onWarning);
      try {
        const channel = await subject.open("echo");
        await Promise.all(Array.from({ length: 64 }, (_, i) => channel.write(`w${i}\n`)));
        await channel.closeStdin();
        const got = await lines(channel);
        expect(got).toHaveLength(65);
        expect(got.slice(0, 64)).toEqual(Array.from({ length: 64 }, (_, i) => `got:w${i}`));
        await new Promise((r) => setTimeout(r, 10)); // Node emits warnings on a later tick
      } finally {
        process.off("warning", onWarning);
      }
      expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
    });

    it("reads many lines, in order", async () => {
      const channel = await subject.open("many");
      await channel.closeStdin();
      const got = await lines(channel);
      expect(got).toHaveLength(20000);
      expect(got.every((l, i) => l === `line-${i + 1}`)).toBe(true);
    });

    it("fails a 20 MB line over the limit with a typed error", async () => {
      const channel = await subject.open("huge");
      await channel.closeStdin();
      const err = await lines(channel).catch((e) => e);
      expect(isCodexLineTooLongError(err)).toBe(true);
      channel.kill();
      await channel.exited;
    });

    it("gives up on an endless line at the limit instead of buffering it (bounded memory)", async () => {
      // Only a decoder that stops at maxLineBytes can fail here: the line never ends, so buffering it all hangs.
      const channel = await subject.open("endless", { maxLineBytes: 1024 * 1024 });
      const err = await lines(channel).catch((e) => e);
      expect(isCodexLineTooLongError(err)).toBe(true);
      channel.kill();
      await channel.exited;
    });

    it("decodes UTF-8 split across chunks and strips CRLF", async () => {
      const channel = await subject.open("utf8");
      await channel.closeStdin();
      expect(await lines(channel)).toEqual(["ét\u00e9", "😀"]);
    });

    it("keeps a bounded stderr tail and reports the exit code", async () => {
      const channel = await subject.open("stderr", { stderrTailBytes: 1024 });
      await channel.closeStdin();
      await lines(channel);
      const status = await channel.exited;
      expect(status.exitCode).toBe(3);
      expect(status.stderrTail.length).toBeLessThanOrEqual(1024);
      expect(status.stderrTail.endsWith("tail-marker\n")).toBe(true);
      expect(channel.stderrTail()).toBe(status.stderrTail);
    });

    it("reports exit codes and signal deaths", async () => {
      const cases = [["exit42", 42, null], ["selfkill", null, "SIGKILL"], ["selfterm", null, "SIGTERM"]] as const;
      for (const [mode, exitCode, signal] of cases) {
        const channel = await subject.open(mode);
        await channel.closeStdin();
        await lines(channel);
        expect(await channel.exited).toMatchObject({ exitCode, signal });
      }
    });

    it("rejects open with an already-aborted signal and starts nothing", async () => {
      const before = await subject.launches();
      const err = await subject.open("sleeper", { signal: AbortSignal.abort() }).catch((e) => e);
      expect(errorCode(err)).toBe("CODEX_ABORT_ERROR");
      expect(await subject.launches()).toBe(before);
    });

    it("stops the process when aborted while opening", async () => {
      const before = await subject.launches();
      const controller = new AbortController();
      const opening = subject.open("sleeper", { signal: controller.signal });
      controller.abort();
      const result = await opening.catch((e) => e);
      if (errorCode(result) === "CODEX_ABORT_ERROR") {
        expect(await subject.launches()).toBe(before); // refused before starting anything
      } else {
        expect(await (result as Channel).exited).toMatchObject({ exitCode: null, signal: "SIGTERM" });
      }
    });

    it("sends SIGTERM when aborted during a run, and the process is reaped", async () => {
      const controller = new AbortController();
      const channel = await subject.open("sleeper", { signal: controller.signal });
      expect(await firstLine(channel)).toBe("ready");
      controller.abort();
      expect(await channel.exited).toMatchObject({ exitCode: null, signal: "SIGTERM" });
      if (subject.processes) expect(isAlive(channel.pid!)).toBe(false); // no zombie left behind
    });

    it("kill() is idempotent", async () => {
      const channel = await subject.open("sleeper");
      expect(await firstLine(channel)).toBe("ready");
      channel.kill();
      channel.kill();
      expect(await channel.exited).toMatchObject({ exitCode: null, signal: "SIGTERM" });
      channel.kill();
    });

    it("rejects writes once the process has exited", async () => {
      const channel = await subject.open("quick");
      await channel.exited;
      await expect(channel.write("x\n")).rejects.toMatchObject({ code: "CODEX_TRANSPORT_ERROR" });
      await channel.closeStdin();
    });

    it("survives a child that exits while we write", async () => {
      const channel = await subject.open("sip");
      const chunk = "x".repeat(1 << 20);
      const writes = [0, 1, 2, 3].map(() => channel.write(chunk));
      const results = await Promise.allSettled([...writes, channel.closeStdin()]);
      for (const r of results) if (r.status === "rejected") expect(errorCode(r.reason)).toBe("CODEX_TRANSPORT_ERROR");
      expect((await channel.exited).exitCode).toBe(0);
      await expect(channel.write("more\n")).rejects.toMatchObject({ code: "CODEX_TRANSPORT_ERROR" });
    });

    processOnly("escalates to SIGKILL when the process ignores SIGTERM", async () => {
      const channel = await subject.open("stubborn");
      expect(await firstLine(channel)).toBe("ready");
      channel.kill();
      expect(await channel.exited).toMatchObject({ exitCode: null, signal: "SIGKILL" });
      expect(isAlive(channel.pid!)).toBe(false);
    });

    processOnly("sends SIGTERM to the whole process group, not just the leader", async () => {
      // With a minute of grace before SIGKILL, only a group-wide SIGTERM ends the grandchild within the bound.
      const channel = await subject.open("family", { killGraceMs: 60_000 });
      const grandchild = Number((await firstLine(channel)).split(":")[1]);
      expect(processState(grandchild)).toBe("running");
      channel.kill();
      expect(await channel.exited).toMatchObject({ exitCode: null, signal: "SIGTERM" });
      expect(await eventually(() => processState(grandchild) !== "running")).toBe(true);
    });

    processOnly("kills a process that spawned a child: the grandchild dies too", async () => {
      const channel = await subject.open("stubborn-family");
      const grandchild = Number((await firstLine(channel)).split(":")[1]);
      expect(processState(grandchild)).toBe("running");
      channel.kill();
      expect(await channel.exited).toMatchObject({ exitCode: null, signal: "SIGKILL" });
      expect(await eventually(() => processState(grandchild) !== "running")).toBe(true);
      expect(isAlive(channel.pid!)).toBe(false);
    });

    processOnly("reports the exit even when a grandchild still holds stderr open", async () => {
      const channel = await subject.open("orphan-stderr");
      const grandchild = Number((await firstLine(channel)).split(":")[1]);
      try {
        const status = await channel.exited;
        expect(status).toMatchObject({ exitCode: 0, signal: null });
        expect(status.stderrTail).toContain("bye");
      } finally {
        process.kill(grandchild, "SIGKILL");
      }
    });

    processOnly("passes argv intact, spaces, quotes and non-ASCII included", async () => {
      const config = { note: `a  b 'c' "d" é 😀`, nested: { flag: true } };
      const channel = await subject.open("args", { config });
      await channel.closeStdin();
      const expected = buildExecCommand({ mode: "exec", options: { config } }, { codexPath: "codex" }).args;
      expect(await lines(channel)).toEqual(expected.filter((a) => a !== ""));
      expect(channel.pid).toBeGreaterThan(0);
    });

    processOnly("writes the output schema to a private temp file for the run, and removes it afterwards", async () => {
      const schema = { type: "object", properties: { answer: { type: "string" } } };
      const channel = await subject.open("schema", { outputSchema: schema });
      await channel.closeStdin();
      const [pathLine, schemaLine] = await lines(channel);
      const path = pathLine!.slice("path:".length);
      expect(JSON.parse(schemaLine!.slice("schema:".length))).toEqual(schema);
      await channel.exited;
      expect(await eventually(() => !existsSync(path))).toBe(true);
    });

    // Process transports write the files; the websocket transport uploads the bytes and the host writes them.
    it.runIf(subject.name !== "MemoryTransport")(
      "writes image bytes to private temp files passed as --image, in order, and removes them afterwards",
      async () => {
        const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 255]);
        const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]);
        const channel = await subject.open("images", {
          imageBytes: [{ mediaType: "image/png", data: png }, { mediaType: "image/gif", data: gif }],
        });
        await channel.closeStdin();
        const out = await lines(channel);
        const paths = out.filter((l) => l.startsWith("path:")).map((l) => l.slice("path:".length));
        expect(paths).toHaveLength(2);
        expect(paths[0]).toMatch(/\.png$/);
        expect(paths[1]).toMatch(/\.gif$/);
        expect(out.filter((l) => l.startsWith("mode:"))).toEqual(["mode:600", "mode:600"]);
        expect(out.filter((l) => l.startsWith("bytes:")).map((l) => l.slice("bytes:".length).trim())).toEqual([
          [...png].join(" "),
          [...gif].join(" "),
        ]);
        await channel.exited;
        for (const path of paths) expect(await eventually(() => !existsSync(path))).toBe(true);
      },
    );

    processOnly("refuses to start when aborted while the output schema file is written", async () => {
      const before = await subject.launches();
      const controller = new AbortController();
      const opening = subject.open("schema", { outputSchema: { type: "object" }, signal: controller.signal });
      controller.abort(); // lands while the transport awaits the temp file: nothing has been spawned yet
      expect(errorCode(await opening.catch((e) => e))).toBe("CODEX_ABORT_ERROR");
      expect(await subject.launches()).toBe(before);
    });

    processOnly("names every place it looked when codex is missing", async () => {
      const err = await subject.open("quick", { codexPath: "/nonexistent/codex" }).catch((e) => e);
      expect(errorCode(err)).toBe("CODEX_NOT_FOUND");
      expect(String(err.message)).toContain("codexPathOverride");
    });

    processOnly("replaces the inherited environment when the launch options carry env", async () => {
      const parentOnly = ["HOME", "VITEST", "USER"].find((k) => process.env[k]);
      expect(parentOnly).toBeDefined();
      const channel = await subject.open("env", { env: { CODEXKIT_ONLY: "yes", PATH: "/nowhere" } });
      await channel.closeStdin();
      const env = (await lines(channel)).join("\n");
      expect(env).toContain('declare -x CODEXKIT_ONLY="yes"');
      expect(env).toContain('declare -x PATH="/nowhere"');
      expect(env).not.toContain(`declare -x ${parentOnly}=`);
    });

    processOnly("inherits the host environment by default", async () => {
      const channel = await subject.open("env", { inheritEnv: true });
      await channel.closeStdin();
      const env = (await lines(channel)).join("\n");
      expect(env).toContain(`declare -x PATH="${process.env.PATH}"`);
      expect(env).not.toContain("FAKE_MODE");
    });
  });
}
