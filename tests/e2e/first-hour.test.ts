// What a new user writes from the README, run against the real codex and the scripted model: the approval callback
// of "The backend switch" (it must accept `npm test` although codex asks with `/bin/bash -lc 'npm test'`), the
// answer of a streamed turn, and the request helpers of @codexkit/sdk/testing on what codex really sent.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type ApprovalDecision, Codex, unwrapShellCommand } from "@codexkit/sdk";
import { lastOutputLine, lastPrompt, reply, runCommand, toolOutputs, userTexts } from "@codexkit/sdk/testing";
import { type Harness, harness } from "../helpers/harness.ts";

let h: Harness | undefined;
let codex: Codex | undefined;
afterEach(async () => {
  await codex?.close();
  codex = undefined;
  await h?.dispose();
  h = undefined;
});

// As in README.md ("The backend switch"): the exact commands this program allows.
const allowed = new Set(["npm test", "npm run lint"]);
const commandExecution = (req: { command?: string | null }): ApprovalDecision =>
  allowed.has(unwrapShellCommand(req.command)) ? "accept" : "decline";

describe("the README's approval callback, with the real codex app-server", () => {
  it("accepts `npm test` (sent as /bin/bash -lc 'npm test') and declines a command chained onto it", async () => {
    h = await harness([
      // yield_time_ms: codex waits for npm to finish instead of leaving it running in the background
      runCommand("npm test", { yield_time_ms: 60_000 }),
      runCommand("npm test; touch pwned.txt"),
      reply("Tests ran."),
    ]);
    writeFileSync(
      join(h.workDir, "package.json"),
      JSON.stringify({ scripts: { test: "node -e \"require('fs').writeFileSync('tested.txt', 'ok')\"" } }),
    );
    const asked: string[] = [];
    codex = new Codex({ config: h.server.config, codexHome: h.codexHome, transport: h.transport, backend: "app-server" });
    const thread = codex.startThread({
      workingDirectory: h.workDir,
      approvalPolicy: "untrusted",
      sandboxMode: "danger-full-access",
      approvals: {
        commandExecution: (req) => (asked.push(req.command ?? ""), commandExecution(req)),
      },
    });
    const turn = await thread.run("Run the tests");
    expect(asked).toEqual(["/bin/bash -lc 'npm test'", "/bin/bash -lc 'npm test; touch pwned.txt'"]);
    expect(turn.commands().map((c) => [unwrapShellCommand(c.command), c.status])).toEqual([
      ["npm test", "completed"],
      ["npm test; touch pwned.txt", "declined"],
    ]);
    expect(existsSync(join(h.workDir, "tested.txt"))).toBe(true);
    expect(existsSync(join(h.workDir, "pwned.txt"))).toBe(false);
  }, 120_000);
});

describe("with the real codex exec", () => {
  it("unwrapShellCommand gives back every command as the model wrote it", async () => {
    const commands = ["echo 'hi there'", `echo "a b" "$HOME"`, `printf '%s\\n' "it's" "q\\"d"`, "ls", "cd . && pwd"];
    h = await harness([...commands.map((c) => runCommand(c)), reply("ok")]);
    const turn = await h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir, sandboxMode: "danger-full-access" })
      .run("Run them");
    expect(turn.commands().map((c) => unwrapShellCommand(c.command))).toEqual(commands);
    expect(turn.commands().every((c) => c.command.startsWith("/bin/bash -lc "))).toBe(true);
  }, 120_000);

  it("runStreamed's turn resolves to the finished Turn, as run() would return it", async () => {
    h = await harness([runCommand("echo streamed"), reply("All done.", { stream: true })]);
    const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    const { events, turn } = await thread.runStreamed("Go");
    let completedItems = 0;
    for await (const event of events) if (event.type === "item.completed") completedItems++;
    const finished = await turn;
    expect(finished.finalResponse).toBe("All done.");
    expect(finished.items).toHaveLength(completedItems);
    expect(finished.commands()[0]?.aggregated_output).toContain("streamed");
    expect(finished.usage).toMatchObject({ input_tokens: 200, output_tokens: 20 }); // two model calls of 100/10
    expect(finished.threadId).toBe(thread.id);
  }, 120_000);

  it("the /testing request helpers read what codex sent: prompts, command outputs, the last output line", async () => {
    h = await harness([
      runCommand("echo first; echo second-line"),
      (request) => reply(`Last line: ${lastOutputLine(request)}; you asked: ${lastPrompt(request)}`),
    ]);
    const turn = await h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir }).run("Print two lines");
    expect(turn.finalResponse).toBe("Last line: second-line; you asked: Print two lines");
    const [first, second] = h.server.model.responseRequests;
    expect(userTexts(first!)).toContain("Print two lines");
    expect(toolOutputs(first!)).toEqual([]);
    expect(toolOutputs(second!)).toHaveLength(1);
    expect(toolOutputs(second!)[0]).toMatch(/first\nsecond-line\n?$/);
    expect(second!.body?.input?.some((i) => i.type === "function_call_output")).toBe(true);
  }, 120_000);
});
