// Run by app-server-leak.test.ts under Deno itself (`deno run --v8-flags=--expose-gc`), outside vitest: on Deno the
// heap under vitest grows ~10 KB/turn with every SDK object of the turns freed, so the heap is measured here, in a
// process that holds nothing but the SDK, the scripted model and one app-server. Prints one JSON line.
import { Codex } from "../../transports/deno.ts";
import { reply, startScriptedModel } from "../../transports/testing.ts";

// This file runs under Deno only; the repository's type check sees it without Deno's globals.
interface DenoGlobal {
  args: string[];
  makeTempDir(options: { prefix: string }): Promise<string>;
  remove(path: string, options: { recursive: boolean }): Promise<void>;
  memoryUsage(): { heapUsed: number };
}
const Deno = (globalThis as unknown as { Deno: DenoGlobal }).Deno;

const [turns, baselineTurn] = [Number(Deno.args[0] ?? 200), Number(Deno.args[1] ?? 20)];
const server = await startScriptedModel([], { fallback: reply(`ok ${"x".repeat(2000)}`) });
const home = await Deno.makeTempDir({ prefix: "codexkit-deno-leak-" });
const work = await Deno.makeTempDir({ prefix: "codexkit-deno-leak-" });
const codex = new Codex({ backend: "app-server", config: server.config, codexHome: home });
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --v8-flags=--expose-gc");
const heap = async () => {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  return Deno.memoryUsage().heapUsed;
};
try {
  const thread = codex.startThread({ workingDirectory: work, skipGitRepoCheck: true });
  let baseline = 0;
  for (let i = 1; i <= turns; i++) {
    const turn = await thread.run(`turn ${i}`);
    if (!turn.finalResponse.startsWith("ok ")) throw new Error(`turn ${i}: unexpected answer`);
    server.model.requests.length = 0; // the scripted model's own record of requests is not the SDK's to count
    if (i === baselineTurn) baseline = await heap();
  }
  console.log(JSON.stringify({ baseline, end: await heap(), turns, baselineTurn }));
} finally {
  await codex.close();
  await server.close();
  await Deno.remove(home, { recursive: true });
  await Deno.remove(work, { recursive: true });
}
