// End to end: the helpers the Python SDK added after 0.87 (and those codex 0.171 added), each against the real
// codex app-server: fs/* and fs/watch, interactive command/exec, thread unsubscribe and shell commands,
// collaboration modes, the default model provider.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppServerClient, type AppServerNotification, isJsonRpcError } from "@codexkit/sdk";
import { codexAtLeast } from "../helpers/codex-under-test.ts";
import { type Harness, harness } from "../helpers/harness.ts";

let h: Harness | undefined;
let client: AppServerClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  await h?.dispose();
  h = undefined;
});

async function setup(options: { experimentalApi?: boolean } = {}) {
  h = await harness([]);
  client = await AppServerClient.connect({ transport: h.transport, config: h.server.config, codexHome: h.codexHome, ...options });
  return { h, client };
}

const b64 = (text: string) => btoa(text);
const text = (base64: string) => atob(base64);

/** Resolves with the first notification of `method` matching `pick`. */
function next(c: AppServerClient, method: string, pick: (p: any) => boolean = () => true): Promise<any> {
  return new Promise((resolve) => {
    const off = c.on("*", (params: unknown, m: string) => {
      if (m === method && pick(params)) {
        off();
        resolve(params);
      }
    });
  });
}

describe("app-server helpers (Python SDK names) with the real codex", () => {
  it("fs/*: create, write, read, stat, list, copy, remove", async () => {
    const { h, client } = await setup();
    const dir = join(h.workDir, "sub");
    await client.fsCreateDirectory({ path: dir, recursive: true });
    await client.fsWriteFile({ path: join(dir, "a.txt"), dataBase64: b64("hello fs\n") });
    expect(text((await client.fsReadFile({ path: join(dir, "a.txt") })).dataBase64)).toBe("hello fs\n");
    expect(await client.fsGetMetadata({ path: join(dir, "a.txt") })).toMatchObject({ isFile: true, isDirectory: false });
    await client.fsCopy({ sourcePath: join(dir, "a.txt"), destinationPath: join(dir, "b.txt") });
    const { entries } = await client.fsReadDirectory({ path: dir });
    expect(entries.map((e) => e.fileName).sort()).toEqual(["a.txt", "b.txt"]);
    await client.fsRemove({ path: dir, recursive: true });
    const gone = await client.fsGetMetadata({ path: dir }).catch((e: unknown) => e);
    expect(isJsonRpcError(gone)).toBe(true);
  });

  it("fs/watch reports a change as fs/changed, and fs/unwatch stops it", async () => {
    const { h, client } = await setup();
    const changed = next(client, "fs/changed", (p) => p.watchId === "w1");
    await client.fsWatch({ watchId: "w1", path: h.workDir });
    await client.fsWriteFile({ path: join(h.workDir, "watched.txt"), dataBase64: b64("x") });
    const params = await changed;
    expect(params.changedPaths.some((p: string) => p.endsWith("watched.txt"))).toBe(true);
    await client.fsUnwatch({ watchId: "w1" });
  });

  it("interactive command/exec: write to stdin, then terminate a long-running command", async () => {
    const { h, client } = await setup();
    const output: string[] = [];
    client.on("command/exec/outputDelta", (p) => void output.push(text(p.deltaBase64)));
    const echo = client.execCommand({
      command: ["sh", "-c", "read line; echo got:$line"],
      processId: "p-echo",
      streamStdin: true,
      streamStdoutStderr: true,
      cwd: h.workDir,
    });
    await client.commandExecWrite({ processId: "p-echo", deltaBase64: b64("hello\n"), closeStdin: true });
    expect((await echo).exitCode).toBe(0);
    expect(output.join("")).toContain("got:hello");

    // wait for the command's first output: before it, codex may not have registered the process id yet
    const ready = next(client, "command/exec/outputDelta", (p) => p.processId === "p-sleep");
    const sleeper = client.execCommand({
      command: ["sh", "-c", "echo ready; sleep 30"],
      processId: "p-sleep",
      tty: true,
      streamStdin: true,
      streamStdoutStderr: true,
      cwd: h.workDir,
    });
    await ready;
    await client.commandExecResize({ processId: "p-sleep", size: { rows: 40, cols: 100 } });
    await client.commandExecTerminate({ processId: "p-sleep" });
    expect((await sleeper).exitCode).not.toBe(0);
  });

  it("threadShellCommand runs a user shell command as its own turn; threadRead and threadUnsubscribe", async () => {
    const { h, client } = await setup();
    const { thread } = await client.startThread({ cwd: h.workDir });
    const item = next(client, "item/completed", (p) => p.threadId === thread.id && p.item.type === "commandExecution");
    await client.threadShellCommand({ threadId: thread.id, command: "echo from-user-shell" });
    const { item: done } = await item;
    expect(done.source).toBe("userShell");
    expect(done.aggregatedOutput).toContain("from-user-shell");
    expect((await client.threadRead({ threadId: thread.id })).thread.id).toBe(thread.id);
    expect((await client.threadUnsubscribe({ threadId: thread.id })).status).toBe("unsubscribed");
    const steer = await client.turnSteer({ threadId: thread.id, expectedTurnId: "none", input: [{ type: "text", text: "x", text_elements: [] }] })
      .catch((e: unknown) => e);
    expect(isJsonRpcError(steer)).toBe(true); // no turn is running
  });

  it("collaborationModeList (experimental) lists the plan mode", async () => {
    const { client } = await setup({ experimentalApi: true });
    const { data } = await client.collaborationModeList();
    expect(data.map((m) => m.mode)).toContain("plan");
  });

  it("an experimental helper without experimentalApi fails with a JsonRpcError, not a hang", async () => {
    const { client } = await setup();
    const err = await client.collaborationModeList().catch((e: unknown) => e);
    expect(isJsonRpcError(err)).toBe(true);
  });

  it("setDefaultModelProvider: codex 0.171 sets it; older codex answers a JsonRpcError", async () => {
    const { client } = await setup();
    const result = await client.setDefaultModelProvider({ providerId: "codexkit_scripted" }).then(
      (r) => ({ ok: true as const, r }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    if (codexAtLeast("0.171.0")) {
      expect(result.ok).toBe(true);
      const { config } = await client.readConfig({});
      expect((config as Record<string, unknown>).model_provider).toBe("codexkit_scripted");
    } else {
      expect(result.ok).toBe(false);
      expect(isJsonRpcError((result as { e: unknown }).e)).toBe(true);
    }
  });
});

export type { AppServerNotification };
