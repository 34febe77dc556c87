// resumeLastThread() on the app-server backend: the newest recorded session is found before the first turn (the
// transport reads CODEX_HOME/sessions), thread.id is set, and the thread is resumed by id (thread/resume). The exec
// backend's side is in exec.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import { Codex, type LaunchOptions, type Transport } from "@codexkit/sdk";
import { reply } from "@codexkit/sdk/testing";
import { type Harness, harness } from "../helpers/harness.ts";

let h: Harness | undefined;
const codexes: Codex[] = [];
afterEach(async () => {
  for (const c of codexes.splice(0)) await c.close();
  await h?.dispose();
  h = undefined;
});

describe("resumeLastThread() knows its id before the first turn", () => {
  it("app-server backend: finds the newest session, sets thread.id, resumes it by id", async () => {
    h = await harness([reply("older"), reply("newest"), reply("continued")]);
    const exec = h.codex;
    await exec.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir }).run("older thread");
    const newest = exec.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    await newest.run("newest thread");
    const codex = new Codex({ backend: "app-server", transport: h.transport, config: h.server.config, codexHome: h.codexHome });
    codexes.push(codex);
    const last = codex.resumeLastThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    expect(last.id).toBeNull();
    const { events } = await last.runStreamed("and now?");
    let idAtFirstEvent: string | null = "unset";
    for await (const _ of events) if (idAtFirstEvent === "unset") idAtFirstEvent = last.id;
    expect(idAtFirstEvent).toBe(newest.id);
    const history = JSON.stringify(h.server.model.responseRequests[2]!.body?.input);
    expect(history).toContain("newest thread");
    expect(history).not.toContain("older thread");
  });

  it("without the capability (a transport that cannot read sessions) the id comes from codex, as before", async () => {
    h = await harness([reply("first"), reply("continued")]);
    const first = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
    await first.run("remember this");
    const inner = h.transport;
    const blind: Transport = { open: (spec, options) => inner.open(spec, options) }; // no findLatestThread
    const codex = new Codex({ transport: blind, config: h.server.config, codexHome: h.codexHome });
    const last = codex.resumeLastThread({ skipGitRepoCheck: true });
    const turn = await last.run("and now?");
    expect(turn.finalResponse).toBe("continued");
    expect(last.id).toBe(first.id);
    expect(inner.specs.at(-1)).toMatchObject({ resume: { last: true } });
  });
});

export type { LaunchOptions };
