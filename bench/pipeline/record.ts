// Records the JSONL of one real `codex exec --json` turn (reasoning, two commands with output, a streamed answer)
// against the scripted model, then amplifies it to any number of events with fresh item ids. The bytes are what
// codex really prints; only the repetition is synthetic.
import { iterateStream, NodeTransport } from "@codexkit/sdk";
import { reply, startScriptedModel } from "@codexkit/sdk/testing";
import { codexPath, tempDir } from "../lib/codex-env.ts";

/**
 * Runs one real codex exec turn and returns its stdout lines.
 *
 * @returns The lines, in order (thread.started … turn.completed).
 * @throws {Error} When codex does not complete the turn.
 */
export async function recordTurn(): Promise<string[]> {
  await using server = await startScriptedModel([
    {
      output: [
        { type: "reasoning", text: "I should look at the files before answering." },
        { type: "exec_command", cmd: "printf 'line %s\\n' $(seq 1 30)" },
      ],
    },
    { output: [{ type: "exec_command", cmd: "ls -la /usr/lib | head -25" }] },
    reply("The directory holds thirty numbered lines and the usual system libraries; nothing looks out of place.", {
      stream: true,
    }),
  ]);
  await using home = await tempDir("record-home");
  const channel = await new NodeTransport({ codexPath: codexPath() }).open({
    mode: "exec",
    options: { config: server.config, codexHome: home.path, skipGitRepoCheck: true },
  });
  await channel.write("Look around and summarise.");
  await channel.closeStdin();
  const lines: string[] = [];
  for await (const line of iterateStream(channel.lines)) lines.push(line);
  const exit = await channel.exited;
  if (exit.exitCode !== 0 || !lines.at(-1)?.includes('"turn.completed"')) {
    throw new Error(`Cannot record a turn: codex exited ${exit.exitCode}: ${exit.stderrTail.slice(-500)}`);
  }
  return lines;
}

/**
 * Repeats the item events of a recorded turn until the stream holds `events` lines, renumbering item ids so every
 * item is distinct, between the turn's own header and `turn.completed`.
 *
 * @param recorded A recorded turn.
 * @param events Total number of lines wanted.
 * @returns The amplified lines.
 */
export function amplify(recorded: readonly string[], events: number): string[] {
  const isItem = (line: string) => line.startsWith('{"type":"item.');
  const head = recorded.filter((l) => !isItem(l) && !l.includes('"turn.completed"'));
  const body = recorded.filter(isItem);
  const tail = recorded.filter((l) => l.includes('"turn.completed"'));
  const out = [...head];
  for (let round = 0; out.length < events - tail.length; round++) {
    for (const line of body) {
      if (out.length >= events - tail.length) break;
      const event = JSON.parse(line) as { item: { id: string } };
      event.item.id = `${event.item.id}_${round}`;
      out.push(JSON.stringify(event));
    }
  }
  return [...out, ...tail];
}

/**
 * Encodes lines as the byte chunks a pipe delivers (64 KiB, cut anywhere — mid-line and mid-character).
 *
 * @param lines JSONL lines.
 * @param chunkBytes Chunk size.
 * @returns The chunks.
 */
export function toChunks(lines: readonly string[], chunkBytes: number = 64 * 1024): Uint8Array[] {
  const bytes = new TextEncoder().encode(lines.join("\n") + "\n");
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunkBytes) chunks.push(bytes.slice(i, i + chunkBytes));
  return chunks;
}
