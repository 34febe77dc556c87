/**
 * Runs one exec-mode turn: opens `codex exec --json` on the transport, writes the prompt, closes stdin, parses the
 * JSONL events, and turns a bad exit, an abort or a truncated stream into typed errors. Always leaves the process
 * reaped, also when the consumer stops early.
 *
 * @module
 */
import { CodexAbortError, CodexCLIError, CodexStreamError, type ExitStatus, isCodexParseError } from "../errors.ts";
import type { Channel, ExecLaunchSpec, Transport } from "../transport.ts";
import type { ThreadEvent } from "../thread/events.ts";
import { parseEvent } from "./parse.ts";

// codex prints a Rust error then a backtrace; the message should carry the error, not the frames.
function summarizeStderr(text: string): string {
  const lines = text.split("\n").map((l) => l.trimEnd()).filter((l) =>
    l.trim() !== "" && !/^\s*\d+: /.test(l) && !/^Stack backtrace:/.test(l) && !/^\s+at /.test(l)
  );
  const errors = lines.filter((l) => /^(Error|error)\b/.test(l));
  return (errors.length > 0 ? errors : lines.slice(-3)).join("\n");
}

/** How long codex may take to exit after `turn.completed` / `turn.failed` before it is stopped. */
export const EXIT_GRACE_AFTER_TERMINAL_MS = 5_000;

/**
 * Streams the events of one exec turn.
 *
 * @param transport Where to run codex.
 * @param spec The launch spec.
 * @param prompt Text for stdin.
 * @param options `strict` parsing and the abort `signal`.
 * @returns The events; `parse_error` events stand for malformed lines unless strict.
 * @throws {CodexAbortError} When the signal aborts.
 * @throws {CodexCLIError} When codex exits non-zero without `turn.failed`.
 * @throws {CodexStreamError} When the stream ends without a terminal event.
 * @example
 * ```ts
 * for await (const e of runExecTurn(transport, spec, "hi", {})) console.log(e.type);
 * ```
 */
export async function* runExecTurn(
  transport: Transport,
  spec: ExecLaunchSpec,
  prompt: string,
  options: { strict?: boolean; signal?: AbortSignal },
): AsyncGenerator<ThreadEvent, void, undefined> {
  const { signal } = options;
  const aborted = () => new CodexAbortError(undefined, { cause: signal?.reason });
  let channel: Channel;
  try {
    channel = await transport.open(spec, signal ? { signal } : {});
  } catch (err) {
    if (signal?.aborted) throw aborted();
    throw err;
  }
  let status: ExitStatus | null = null;
  void channel.exited.then((s) => (status = s));
  let terminal: "completed" | "failed" | null = null;
  let stoppedAfterTerminal = false;
  const stop = () => {
    stoppedAfterTerminal = terminal !== null;
    channel.kill();
  };
  const onAbort = () => stop();
  signal?.addEventListener("abort", onAbort, { once: true });
  // After its terminal event the turn's result is final; codex only shuts down. One that never exits (an MCP
  // server or a background terminal keeping it alive) is stopped after a grace, and the turn keeps its result.
  let exitTimer: ReturnType<typeof setTimeout> | undefined;
  const onTerminal = () => (exitTimer ??= setTimeout(stop, EXIT_GRACE_AFTER_TERMINAL_MS));
  try {
    try {
      await channel.write(prompt);
      await channel.closeStdin();
    } catch {
      // codex may already have exited (bad flags); its exit status and stderr explain why.
    }
    // A reader rather than iterateStream: one async generator per event (this one) instead of two; and batches
    // where the channel has them: one stream read per chunk of output instead of one per line
    const reader = (channel.lineBatches ?? channel.lines).getReader();
    try {
      while (true) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const line of typeof value === "string" ? [value] : value) {
          let event: ThreadEvent;
          try {
            event = parseEvent(line, { strict: options.strict ?? false });
          } catch (err) {
            if (options.strict || !isCodexParseError(err)) throw err;
            event = { type: "parse_error", error: err };
          }
          if (event.type === "turn.completed") terminal = "completed";
          else if (event.type === "turn.failed") terminal = "failed";
          if (terminal) onTerminal();
          yield event;
        }
      }
    } catch (err) {
      if (signal?.aborted) throw aborted();
      throw err;
    } finally {
      await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
    const exit = await channel.exited;
    if (signal?.aborted && terminal === null) throw aborted();
    // failed: TurnFailedError comes from the event; completed: a kill after it (grace or abort) takes nothing away
    if (terminal === "failed" || (terminal === "completed" && stoppedAfterTerminal)) return;
    if (exit.exitCode !== 0) {
      // "Codex Exec exited with …" is @openai/codex-sdk's wording, which users match on
      const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.exitCode}`;
      const tail = exit.stderrTail.trim();
      throw new CodexCLIError(`Codex Exec exited with ${how}${tail ? `: ${summarizeStderr(tail)}` : ""}`, exit);
    }
    if (terminal === null) {
      throw new CodexStreamError("Turn ended without turn.completed or turn.failed: codex stopped mid-turn");
    }
  } finally {
    clearTimeout(exitTimer);
    signal?.removeEventListener("abort", onAbort);
    if (status === null) {
      channel.kill();
      await channel.exited;
    }
  }
}
