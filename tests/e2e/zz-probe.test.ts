import { it } from "vitest";
import { reply } from "@codexkit/sdk/testing";
import { harness } from "../helpers/harness.ts";
import { lastUserText, startTrackedModel } from "../helpers/tracked-model.ts";

it("probe", async () => {
  const model = await startTrackedModel((request) => {
    const text = lastUserText(request.body);
    return text.includes("hang") ? { hang: true } : reply(`done: ${text}`);
  });
  const h = await harness([], { server: model.server });
  const client = await h.codex.connectAppServer();
  const { thread } = await client.startThread({ cwd: h.workDir });
  await (await client.turnSession(thread.id, "first")).wait();
  let fails = 0;
  for (let i = 0; i < 15; i++) {
    const { turn } = await client.request("turn/start", { threadId: thread.id, input: [{ type: "text", text: "hang", text_elements: [] }] } as never) as any;
    const ir = await client.request("turn/interrupt", { threadId: thread.id, turnId: turn.id }).then(() => "ok", (e: any) => e.message);
    if (ir !== "ok") { fails++; console.log(i, ir, "turn/completed?"); await new Promise((r) => setTimeout(r, 300)); await client.request("turn/interrupt", { threadId: thread.id, turnId: turn.id }).catch((e: any) => console.log("retry", e.message)); }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log("fails", fails);
  await client.close(); await h.dispose();
}, 300000);
