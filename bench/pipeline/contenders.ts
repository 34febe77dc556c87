// The ways to turn the recorded bytes into events: ours end to end, ours in parts (to locate costs), the official
// SDK's readline + JSON.parse, and the limit — bare JSON.parse of the already-split lines.
import { Readable } from "node:stream";
import { createInterface } from "node:readline";
import { Codex, iterateStream, JsonlDecoderStream, parseEvent, runExecTurn } from "@codexkit/sdk";
import type { Contender } from "../lib/alternate.ts";
import { chunkStream, ReplayTransport } from "./replay-transport.ts";

/** One pass over the stream: elapsed milliseconds and how many events came out (checked against the input). */
export interface PassTiming {
  /** Elapsed. */
  ms: number;
  /** Events (or lines) produced. */
  events: number;
}

/** The recorded input in both forms. */
export interface PipelineInput {
  /** The lines. */
  lines: readonly string[];
  /** The same lines as 64 KiB byte chunks. */
  chunks: readonly Uint8Array[];
}

async function timed(pass: () => Promise<number> | number): Promise<PassTiming> {
  const t0 = performance.now();
  const events = await pass();
  return { ms: performance.now() - t0, events };
}

/**
 * @param input The recorded stream.
 * @returns The contenders; ids ending in `-part` are diagnostics.
 */
export function pipelineContenders(input: PipelineInput): Contender<PassTiming>[] {
  const spec = { mode: "exec", options: {} } as const;
  return [
    {
      id: "limit",
      run: () =>
        timed(() => {
          let n = 0;
          for (const line of input.lines) if ((JSON.parse(line) as { type?: unknown }).type !== undefined) n++;
          return n;
        }),
    },
    {
      id: "ours-exec-runner",
      run: () =>
        timed(async () => {
          let n = 0;
          for await (const _ of runExecTurn(new ReplayTransport(input.chunks), spec, "", {})) n++;
          return n;
        }),
    },
    {
      id: "ours-thread",
      run: () =>
        timed(async () => {
          const codex = new Codex({ transport: new ReplayTransport(input.chunks) });
          const { events } = await codex.startThread().runStreamed("");
          let n = 0;
          for await (const _ of events) n++;
          return n;
        }),
    },
    {
      id: "official-readline",
      run: () =>
        timed(async () => {
          // what @openai/codex-sdk 0.163 does: readline over the child's stdout, JSON.parse, no validation
          const rl = createInterface({ input: Readable.from(input.chunks.map((c) => Buffer.from(c))), crlfDelay: Infinity });
          let n = 0;
          for await (const line of rl) if ((JSON.parse(line) as { type?: unknown }).type !== undefined) n++;
          return n;
        }),
    },
    {
      id: "framing-part",
      run: () =>
        timed(async () => {
          let n = 0;
          for await (const _ of iterateStream(chunkStream(input.chunks).pipeThrough(new JsonlDecoderStream()))) n++;
          return n;
        }),
    },
    {
      id: "parse-part",
      run: () =>
        timed(() => {
          let n = 0;
          for (const line of input.lines) if (parseEvent(line).type !== "parse_error") n++;
          return n;
        }),
    },
  ];
}

/** Table labels. */
export const PIPELINE_LABELS: Record<string, string> = {
  "limit": "limit: bare JSON.parse of the split lines",
  "ours-exec-runner": "@codexkit/sdk: bytes → lines → JSON → validated events (runExecTurn)",
  "ours-thread": "@codexkit/sdk: the same through Thread.runStreamed",
  "official-readline": "@openai/codex-sdk's way: readline + JSON.parse (no validation)",
  "framing-part": "  part: JsonlDecoderStream framing only (bytes → lines)",
  "parse-part": "  part: parseEvent only (lines → validated events)",
};
