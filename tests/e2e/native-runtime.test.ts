// Proves the headline promise on whichever runtime runs the suite: the zero-config `Codex` (npm root entry, and
// JSR's runtime-picking root entry) runs the real codex through the runtime's own process API — Deno.Command on
// Deno, Bun.spawn on Bun, child_process on Node — and the scripted model is served by the runtime's own server.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import process from "node:process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Codex, type Transport } from "@codexkit/sdk";
import { reply, type ScriptedModelServer, startScriptedModel } from "@codexkit/sdk/testing";
import { createConsumer } from "../helpers/consumer.ts";
import { type NativeSpy, spyNativeSpawn } from "../helpers/native-spy.ts";
import { eventually, processState } from "../helpers/process-state.ts";
import { nativeTransportName, runtime } from "../helpers/runtime.ts";

const root = join(import.meta.dirname, "..", "..");
const denoJson = JSON.parse(readFileSync(join(root, "deno.json"), "utf8")) as { exports: Record<string, string> };
const httpServer = { node: "node:http", deno: "Deno.serve", bun: "Bun.serve" }[runtime];

// Exposes the protected default-transport hook, as a subclass may.
const defaultTransportOf = (CodexClass: typeof Codex): Transport =>
  new (class extends CodexClass {
    probe(): Transport {
      return this.createDefaultTransport({});
    }
  })().probe();

let spy: NativeSpy | undefined;
let server: ScriptedModelServer | undefined;
let codexHome: string | undefined;
afterEach(async () => {
  spy?.restore();
  await server?.close();
  if (codexHome) await rm(codexHome, { recursive: true, force: true });
  spy = server = codexHome = undefined;
});

/** Runs a real turn; returns the native-API calls that started codex, each with its calling frame. */
async function realTurn(CodexClass: typeof Codex, text: string): Promise<NativeSpy["calls"]> {
  server = await startScriptedModel([reply(text)]);
  codexHome = await mkdtemp(join(tmpdir(), "codexkit-home-"));
  spy = spyNativeSpawn();
  const turn = await new CodexClass({ config: server.config, codexHome }).startThread({ skipGitRepoCheck: true })
    .run("which runtime?");
  expect(turn.finalResponse).toBe(text);
  expect(server.httpServer).toBe(httpServer);
  return spy.calls.filter((c) => /[\\/]codex(\.exe)?$/.test(c.command));
}

// The native API must be called straight from the runtime's transport module, not from a compat layer.
const transportFile = new RegExp(`transports[\\\\/]${runtime}\\.ts`);

describe(`zero-config Codex on ${runtime}`, () => {
  it(`wires the root entry's Codex to ${nativeTransportName}`, () => {
    expect(defaultTransportOf(Codex).constructor.name).toBe(nativeTransportName);
  });

  it("runs a real codex turn through the runtime's native process API", async () => {
    const calls = await realTurn(Codex, `hello from ${runtime}`);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.caller).toMatch(transportFile);
  });

  it("JSR's root entry picks the same native transport at run time and runs a real turn through it", async () => {
    const jsr = await import(join(root, denoJson.exports["."]!)) as {
      Codex: typeof Codex;
      NativeTransport: new () => { native(): Promise<Transport> };
    };
    const native = await new jsr.NativeTransport().native();
    expect(native.constructor.name).toBe(nativeTransportName);
    const calls = await realTurn(jsr.Codex, `jsr hello from ${runtime}`);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.caller).toMatch(transportFile);
  });

  it("kills process groups still running when the runtime exits", async () => {
    // A host process on this runtime starts a "codex" that ignores SIGTERM (and a grandchild), then exits without
    // stopping it: only the transport's exit hook can end them.
    codexHome = await mkdtemp(join(tmpdir(), "codexkit-host-"));
    const fake = join(codexHome, "stubborn-codex");
    await writeFile(fake, "#!/bin/bash\ntrap '' TERM; sleep 1000 & echo $!; while :; do sleep 0.1; done\n");
    await chmod(fake, 0o755);
    const consumer = createConsumer(root);
    const pids: number[] = [];
    try {
      const out = consumer.run(
        "host.mjs",
        `import process from "node:process";
import { ${nativeTransportName} } from "@codexkit/sdk";
const channel = await new ${nativeTransportName}().open({
  mode: "exec",
  options: { codexPathOverride: ${JSON.stringify(fake)}, env: { PATH: ${JSON.stringify(process.env.PATH ?? "")} } },
});
const { value } = await channel.lines.getReader().read();
console.log(JSON.stringify([channel.pid, Number(value)]));
process.exit(0);`,
      );
      pids.push(...(JSON.parse(out) as number[]));
      expect(pids).toHaveLength(2);
      expect(await eventually(() => pids.every((pid) => processState(pid) !== "running"))).toBe(true);
    } finally {
      for (const pid of pids) if (processState(pid) === "running") process.kill(pid, "SIGKILL");
      consumer.dispose();
    }
  });
});
