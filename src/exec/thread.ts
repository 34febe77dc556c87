/**
 * A conversation with the agent in exec mode: each turn runs `codex exec --json` (resuming the thread after the
 * first turn) over the configured transport.
 *
 * @module
 */
import {
  CodexAbortError,
  CodexCLIError,
  CodexError,
  CodexStreamError,
  type ExitStatus,
  isCodexParseError,
  TurnFailedError,
} from "../errors.ts";
import { iterateStream } from "../jsonl.ts";
import type { LaunchOptions, ThreadOptions } from "../options.ts";
import type { Channel, ExecLaunchSpec, Transport } from "../transport.ts";
import type { InferSchemaOutput, StandardSchemaV1 } from "../standard-schema.ts";
import type { ThreadEvent, TurnCompletedEvent, Usage } from "./events.ts";
import { dispatchHooks, type TurnHooks } from "./hooks.ts";
import { type Input, normalizeInput } from "./input.ts";
import type { ThreadItem } from "./items.ts";
import { type JsonSchema, type OutputSchema, parseStructuredOutput, resolveJsonSchema } from "./output-schema.ts";
import { parseEvent } from "./parse.ts";
import { JsonTurn, Turn } from "./turn.ts";
import { usageDelta } from "./usage.ts";

/** Options of one turn. */
export interface TurnOptions {
  /** JSON Schema (or Standard Schema) for the final response; codex constrains the model with it. */
  outputSchema?: OutputSchema;
  /** Cancels the turn: the codex process is stopped and the turn rejects with {@link CodexAbortError}. */
  signal?: AbortSignal;
}

/** Options of {@link Thread.runJson}. */
export interface RunJsonOptions<S extends OutputSchema = OutputSchema> {
  /** The schema: a JSON Schema object, a valibot schema or any Standard Schema. */
  schema: S;
  /** An explicit JSON Schema to send to codex, for Standard Schemas that cannot produce one. */
  jsonSchema?: JsonSchema;
  /** Cancels the turn. */
  signal?: AbortSignal;
}

/** What `runStreamed` returns: the turn's events as an async generator. */
export interface StreamedTurn {
  /** The events, in order. Breaking out of the loop stops codex. */
  events: AsyncGenerator<ThreadEvent, void, undefined>;
}

/** What a thread needs from its {@link Codex}. */
export interface ThreadContext {
  /** Returns the transport to open channels on. */
  transport(): Transport;
  /** Codex-level launch options. */
  launchOptions: LaunchOptions;
  /** Reject unknown event types and malformed lines. */
  strict: boolean;
}

/** How a thread starts: fresh, resuming an id, or resuming the newest session. */
export type ThreadStart = { kind: "new" } | { kind: "resume"; id: string } | { kind: "last" };

type JsonOutput<S> = S extends StandardSchemaV1 ? InferSchemaOutput<S> : unknown;

/**
 * A conversation with the agent. Create one with `codex.startThread()`, `codex.resumeThread(id)` or
 * `codex.resumeLastThread()`; each `run` is one turn.
 *
 * @example
 * ```ts
 * const thread = codex.startThread({ skipGitRepoCheck: true });
 * const turn = await thread.run("Say hi");
 * console.log(thread.id, turn.finalResponse, turn.usage);
 * ```
 */
export class Thread {
  readonly #ctx: ThreadContext;
  readonly #options: ThreadOptions;
  #id: string | null;
  #resumeLast: boolean;
  #lastTotal: Usage | null = null;
  // A resumed thread's earlier turns ran in other processes: their total must be read before diffing.
  #baselineKnown: boolean;
  #running = false;

  /**
   * Prefer `codex.startThread()`; this constructor is for custom front ends.
   *
   * @param ctx The owning Codex's transport and options.
   * @param options Thread options (validated by the caller).
   * @param start How the thread starts.
   */
  constructor(ctx: ThreadContext, options: ThreadOptions, start: ThreadStart) {
    this.#ctx = ctx;
    this.#options = options;
    this.#id = start.kind === "resume" ? start.id : null;
    this.#resumeLast = start.kind === "last";
    this.#baselineKnown = start.kind === "new";
  }

  /** The thread id: set once codex reports `thread.started` (immediately for `resumeThread(id)`). */
  get id(): string | null {
    return this.#id;
  }

  /**
   * Runs one turn and streams its events.
   *
   * @param input A prompt or input parts.
   * @param turnOptions Output schema and cancellation.
   * @returns `{ events }`; codex starts when iteration starts.
   * @throws {CodexOptionsError} When the input or output schema is invalid (before anything runs).
   * @example
   * ```ts
   * const { events } = await thread.runStreamed("Fix the test");
   * for await (const event of events) console.log(event.type);
   * ```
   */
  // deno-lint-ignore require-await
  async runStreamed(input: Input, turnOptions: TurnOptions = {}): Promise<StreamedTurn> {
    const normalized = normalizeInput(input);
    const outputSchema = turnOptions.outputSchema ? resolveJsonSchema(turnOptions.outputSchema) : undefined;
    const spec: ExecLaunchSpec = { mode: "exec", options: { ...this.#ctx.launchOptions, ...this.#options } };
    if (this.#id) spec.resume = this.#id;
    else if (this.#resumeLast) spec.resume = { last: true };
    if (normalized.images.length > 0) spec.images = normalized.images;
    if (outputSchema) spec.outputSchema = outputSchema;
    return { events: this.#stream(spec, normalized.prompt, turnOptions.signal) };
  }

  /**
   * Runs one turn to completion.
   *
   * @param input A prompt or input parts.
   * @param turnOptions Output schema and cancellation.
   * @returns The completed turn.
   * @throws {TurnFailedError} When codex reports `turn.failed`.
   * @throws {CodexAbortError} When `signal` aborts.
   * @throws {CodexCLIError} When codex exits abnormally (carries exit code and stderr tail).
   * @throws {CodexParseError} In strict mode, for a malformed line.
   * @example
   * ```ts
   * const turn = await thread.run("Summarise README.md");
   * console.log(turn.finalResponse);
   * ```
   */
  run(input: Input, turnOptions: TurnOptions = {}): Promise<Turn> {
    return this.runWithHooks(input, {}, turnOptions);
  }

  /**
   * Runs one turn, calling hooks as events arrive, and returns the completed turn.
   *
   * @param input A prompt or input parts.
   * @param hooks Callbacks per event, item lifecycle and item type.
   * @param turnOptions Output schema and cancellation.
   * @returns The completed turn.
   * @throws {TurnFailedError} When codex reports `turn.failed`; see {@link Thread.run} for the others.
   * @example
   * ```ts
   * await thread.runWithHooks("Run the tests", {
   *   onItem: { command_execution: (cmd) => console.log(cmd.command, cmd.exit_code) },
   * });
   * ```
   */
  async runWithHooks(input: Input, hooks: TurnHooks, turnOptions: TurnOptions = {}): Promise<Turn> {
    const { events } = await this.runStreamed(input, turnOptions);
    const items: ThreadItem[] = [];
    const all: ThreadEvent[] = [];
    let completed: TurnCompletedEvent | null = null;
    for await (const event of events) {
      all.push(event);
      await dispatchHooks(hooks, event);
      if (event.type === "item.completed") items.push(event.item);
      else if (event.type === "turn.completed") completed = event;
      else if (event.type === "turn.failed") throw new TurnFailedError(event.error.message, this.#id);
    }
    return new Turn({
      items,
      events: all,
      usage: completed?.turn_usage ?? null,
      cumulativeUsage: completed?.usage ?? null,
      threadId: this.#id,
    });
  }

  /**
   * Runs a structured-output turn: codex constrains the model with the schema, and the final response is parsed
   * as JSON and, for valibot or other Standard Schemas, validated and typed.
   *
   * @param input A prompt or input parts.
   * @param options The schema (and an explicit JSON Schema if the schema library cannot produce one).
   * @returns The turn, with `data` holding the parsed value.
   * @throws {CodexOutputValidationError} When the response is not JSON or does not match.
   * @example
   * ```ts
   * const turn = await thread.runJson("Status?", { schema: v.object({ ok: v.boolean() }) });
   * turn.data.ok; // boolean
   * ```
   */
  async runJson<S extends OutputSchema>(input: Input, options: RunJsonOptions<S>): Promise<JsonTurn<JsonOutput<S>>> {
    const turn = await this.run(input, {
      outputSchema: options.jsonSchema ?? options.schema,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const data = await parseStructuredOutput(turn.finalResponse, options.schema);
    return new JsonTurn(turn, data as JsonOutput<S>);
  }

  async #readBaseline(spec: ExecLaunchSpec): Promise<void> {
    const transport = this.#ctx.transport();
    if (!this.#id || !transport.readThreadUsage) return;
    try {
      this.#lastTotal = await transport.readThreadUsage(this.#id, spec.options);
      this.#baselineKnown = this.#lastTotal !== null;
    } catch {
      // unknown baseline: this turn's usage stays null rather than wrong
    }
  }

  async *#stream(spec: ExecLaunchSpec, prompt: string, signal?: AbortSignal): AsyncGenerator<ThreadEvent, void, undefined> {
    if (this.#running) throw new CodexError("Cannot start a turn: this thread is already running one");
    const aborted = () => new CodexAbortError(undefined, { cause: signal?.reason });
    if (signal?.aborted) throw aborted();
    this.#running = true;
    let channel: Channel;
    try {
      channel = await this.#ctx.transport().open(spec, signal ? { signal } : {});
    } catch (err) {
      this.#running = false;
      if (signal?.aborted) throw aborted();
      throw err;
    }
    let status: ExitStatus | null = null;
    void channel.exited.then((s) => (status = s));
    const onAbort = () => channel.kill();
    signal?.addEventListener("abort", onAbort, { once: true });
    let terminal: "completed" | "failed" | null = null;
    try {
      try {
        await channel.write(prompt);
        await channel.closeStdin();
      } catch {
        // codex may already have exited (bad flags); its exit status and stderr explain why.
      }
      try {
        for await (const line of iterateStream(channel.lines)) {
          let event: ThreadEvent;
          try {
            event = parseEvent(line, { strict: this.#ctx.strict });
          } catch (err) {
            if (this.#ctx.strict || !isCodexParseError(err)) throw err;
            event = { type: "parse_error", error: err };
          }
          if (event.type === "thread.started") {
            this.#id = event.thread_id;
            if (!this.#baselineKnown) await this.#readBaseline(spec);
          } else if (event.type === "turn.completed") {
            const turnUsage = this.#baselineKnown ? usageDelta(event.usage, this.#lastTotal) : undefined;
            event = turnUsage ? { ...event, turn_usage: turnUsage } : { ...event };
            this.#baselineKnown = true;
            this.#lastTotal = event.usage;
            terminal = "completed";
          } else if (event.type === "turn.failed") terminal = "failed";
          yield event;
        }
      } catch (err) {
        if (signal?.aborted) throw aborted();
        throw err;
      }
      const exit = await channel.exited;
      if (signal?.aborted && terminal === null) throw aborted();
      if (terminal === "failed") return;
      if (exit.exitCode !== 0) {
        const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
        const tail = exit.stderrTail.trim();
        throw new CodexCLIError(`codex exec ${how}${tail ? `: ${summarizeStderr(tail)}` : ""}`, exit);
      }
      if (terminal === null) {
        throw new CodexStreamError("Turn ended without turn.completed or turn.failed: codex stopped mid-turn");
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      if (status === null) {
        channel.kill();
        await channel.exited;
      }
      this.#running = false;
    }
  }
}

// codex prints a Rust error then a backtrace; the message should carry the error, not the frames.
function summarizeStderr(text: string): string {
  const lines = text.split("\n").map((l) => l.trimEnd()).filter((l) =>
    l.trim() !== "" && !/^\s*\d+: /.test(l) && !/^Stack backtrace:/.test(l) && !/^\s+at /.test(l)
  );
  const errors = lines.filter((l) => /^(Error|error)\b/.test(l));
  return (errors.length > 0 ? errors : lines.slice(-3)).join("\n");
}
