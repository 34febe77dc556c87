// A stand-in for `codex exec --json` that really prints the volume: real codex keeps a command's output and
// forwards at most 1 MiB of it in exec mode, so to push 256 MiB through our exec pipeline this script plays codex,
// printing agent_message items of 64 KiB each (with backpressure, as a real pipe writer). It is labelled as a
// stand-in wherever its numbers appear.

/** Node source of the stand-in; `__MB__` is replaced with the volume in MiB. */
export const STAND_IN_SOURCE: string = `#!/usr/bin/env node
const mb = __MB__;
let prompt = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => (prompt += d));
process.stdin.on("end", async () => {
  const out = process.stdout;
  const write = (obj) => (out.write(JSON.stringify(obj) + "\\n") ? null : new Promise((r) => out.once("drain", r)));
  await write({ type: "thread.started", thread_id: "stand-in-thread" });
  await write({ type: "turn.started" });
  const text = "a".repeat(64 * 1024);
  const items = prompt.includes("warm up") ? 1 : mb * 16;
  for (let i = 0; i < items; i++) await write({ type: "item.completed", item: { id: "item_" + i, type: "agent_message", text } });
  await write({ type: "turn.completed", usage: { input_tokens: 1, cached_input_tokens: 0, output_tokens: 1 } });
});
`;
