/**
 * A conversation with the agent: each `run` is one turn, run by the thread's {@link TurnBackend} (one
 * `codex exec --json` per turn, or a shared `codex app-server`). The thread keeps what is the same on every backend:
 * its id, one turn at a time, per-turn usage, hooks, structured output and the finished {@link Turn}.
 *
 * @module
 */
import { CodexAbortError, CodexError, TurnFailedError } from "../errors.ts";
import { type CyberAccessProgram, type LaunchOptions, type ThreadOptions, ThreadOptionsSchema, validateOptions } from "../options.ts";
import type { InferSchemaOutput, StandardSchemaV1 } from "../standard-schema.ts";
import type { ApprovalDecisions } from "./approvals.ts";
import type { TurnBackend, TurnRequest } from "./backend.ts";
import type { ThreadEvent, Usage } from "./events.ts";
import { dispatchHooks, type TurnHooks } from "./hooks.ts";
import { type Input, normalizeInput } from "./input.ts";
import { resolveJsonSchemaLazily } from "./derive-json-schema.ts";
import { type JsonSchema, type OutputSchema, parseStructuredOutput } from "./output-schema.ts";
import { type StreamedTurn, TurnRecorder } from "./streamed-turn.ts";
import { JsonTurn, type Turn } from "./turn.ts";
import { usageDelta } from "./usage.ts";

/** Options of one turn. */
export interface TurnOptions {
  /** JSON Schema (or Standard Schema) for the final response; codex constrains the model with it. */
  outputSchema?: OutputSchema;
  /**
   * Cancels the turn with {@link CodexAbortError}. Exec backend: the codex process is stopped. App-server backend:
   * the turn is interrupted (`turn/interrupt`) and the app-server stays up for the next turn.
   */
  signal?: AbortSignal;
  /** App-server backend: how to answer approval requests during this turn (wins over the thread's). */
  approvals?: ApprovalDecisions;
  /** Exec backend: `--cyber-access-program` for this turn (as in `@openai/codex-sdk`); wins over the thread's. */
  cyberAccessProgram?: CyberAccessProgram;
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

/** Alias of {@link StreamedTurn}, the result of `runStreamed()` (the name `@openai/codex-sdk` exports). */
export type RunStreamedResult = StreamedTurn;

/** What a thread needs from its `Codex`. */
export interface ThreadContext {
  /** Runs the turns. */
  backend: TurnBackend;
  /** Codex-level launch options. */
  launchOptions: LaunchOptions;
  /**
   * Reads a recorded thread's running token total, so the first turn after a resume reports its own usage. Absent
   * when sessions cannot be read (then that turn's `usage` is `null`, never wrong).
   */
  readThreadUsage?: (threadId: string, options: LaunchOptions) => Promise<Usage | null>;
  /**
   * Finds the most recently updated recorded thread, so `resumeLastThread()` knows its id before its first turn and
   * resumes by id. Absent (or `null`) when sessions cannot be read: codex then picks the session itself.
   */
  findLatestThread?: (options: LaunchOptions) => Promise<string | null>;
}

/** How a thread starts: fresh, resuming an id, or resuming the newest session. */
export type ThreadStart = { kind: "new" } | { kind: "resume"; id: string } | { kind: "last" };

/** The parsed type of a JSON final response: the schema's output type for a Standard Schema, else `unknown`. */
export type JsonOutput<S> = S extends StandardSchemaV1 ? InferSchemaOutput<S> : unknown;

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
  #activeTurnId: string | null = null;

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
   * Adds input to the turn that is running now (app-server backend).
   *
   * @param input More input for the running turn.
   * @returns When codex accepted it.
   * @throws {CodexError} When no turn is running or the thread uses the exec backend.
   * @example
   * ```ts
   * const { events } = await thread.runStreamed("Refactor the parser");
   * setTimeout(() => thread.steer("Keep the public API unchanged"), 1000);
   * ```
   */
  async steer(input: Input): Promise<void> {
    const { backend } = this.#ctx;
    if (!backend.steer) throw new CodexError('Cannot steer: it needs the app-server backend (new Codex({ backend: "app-server" }))');
    if (!this.#id || !this.#activeTurnId) throw new CodexError("Cannot steer: no turn is running on this thread");
    await backend.steer(this.#id, this.#activeTurnId, normalizeInput(input).parts);
  }

  /**
   * Runs one turn and streams its events.
   *
   * @param input A prompt or input parts.
   * @param turnOptions Output schema and cancellation.
   * @returns `{ events, turn }`: codex starts when iteration of `events` starts; `turn` resolves to the finished
   *   {@link Turn} once the events have been read to the end.
   * @throws {CodexOptionsError} When the input or output schema is invalid (before anything runs).
   * @example
   * ```ts
   * const { events, turn } = await thread.runStreamed("Fix the test");
   * for await (const event of events) console.log(event.type);
   * console.log((await turn).finalResponse);
   * ```
   */
  async runStreamed(input: Input, turnOptions: TurnOptions = {}): Promise<StreamedTurn> {
    if (turnOptions.cyberAccessProgram !== undefined) {
      validateOptions(ThreadOptionsSchema, { cyberAccessProgram: turnOptions.cyberAccessProgram }, "turnOptions");
    }
    const normalized = normalizeInput(input);
    const outputSchema = turnOptions.outputSchema ? await resolveJsonSchemaLazily(turnOptions.outputSchema) : undefined;
    const approvals = turnOptions.approvals ?? this.#options.approvals;
    const request: TurnRequest = {
      prompt: normalized.prompt,
      parts: normalized.parts,
      options: turnOptions.cyberAccessProgram
        ? { ...this.#launchOptions(), cyberAccessProgram: turnOptions.cyberAccessProgram }
        : this.#launchOptions(),
      ...(outputSchema ? { outputSchema } : {}),
      ...(approvals ? { approvals } : {}),
    };
    this.#ctx.backend.checkRequest?.(request);
    const recorder = new TurnRecorder(() => this.#id);
    return { events: this.#stream(request, recorder, turnOptions.signal), turn: recorder.turn };
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
   * @returns The completed {@link Turn}, as `run` returns it (items, `finalResponse`, usage).
   * @throws {TurnFailedError} When codex reports `turn.failed`; see {@link Thread.run} for the others.
   * @example
   * ```ts
   * await thread.runWithHooks("Run the tests", {
   *   onItem: { command_execution: (cmd) => console.log(cmd.command, cmd.exit_code) },
   * });
   * ```
   */
  async runWithHooks(input: Input, hooks: TurnHooks, turnOptions: TurnOptions = {}): Promise<Turn> {
    const { events, turn } = await this.runStreamed(input, turnOptions);
    for await (const event of events) {
      await dispatchHooks(hooks, event);
      if (event.type === "turn.failed") throw new TurnFailedError(event.error.message, this.#id);
    }
    return await turn;
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

  // Launch options are plain data (the remote host receives them): callbacks such as approvals stay here.
  #launchOptions(): LaunchOptions {
    const { approvals: _approvals, ...options } = this.#options;
    const merged: LaunchOptions = { ...this.#ctx.launchOptions, ...options };
    const overrides = [...(this.#ctx.launchOptions.configOverrides ?? []), ...(options.configOverrides ?? [])];
    if (overrides.length > 0) merged.configOverrides = overrides; // thread-level ones come after the Codex-level
    return merged;
  }

  // resumeLastThread(): find the newest session the way codex does, then resume it by id (and read its baseline).
  async #resolveLatest(options: LaunchOptions): Promise<void> {
    const find = this.#ctx.findLatestThread;
    const id = find ? await find(options).catch(() => null) : null;
    if (!id) return; // keep `resume --last`: codex decides (and reports when there is nothing to resume)
    this.#id = id;
    this.#resumeLast = false;
    await this.#readBaseline(options);
  }

  async #readBaseline(options: LaunchOptions): Promise<void> {
    const read = this.#ctx.readThreadUsage;
    if (!this.#id || !read) return;
    try {
      this.#lastTotal = await read(this.#id, options);
      this.#baselineKnown = this.#lastTotal !== null;
    } catch {
      // unknown baseline: this turn's usage stays null rather than wrong
    }
  }

  async *#stream(
    request: TurnRequest,
    recorder: TurnRecorder,
    signal?: AbortSignal,
  ): AsyncGenerator<ThreadEvent, void, undefined> {
    let ended = false;
    try {
      if (this.#running) throw new CodexError("Cannot start a turn: this thread is already running one");
      if (signal?.aborted) throw new CodexAbortError(undefined, { cause: signal.reason });
      this.#running = true;
      try {
        if (this.#resumeLast) await this.#resolveLatest(request.options);
        const source = this.#ctx.backend.runTurn(
          { ...request, threadId: this.#id, resumeLast: this.#resumeLast },
          { signal, onTurnId: (id) => (this.#activeTurnId = id) },
        );
        for await (let event of source) {
          if (event.type === "thread.started") {
            this.#id = event.thread_id;
            this.#resumeLast = false;
            if (!this.#baselineKnown) await this.#readBaseline(request.options);
          } else if (event.type === "turn.completed") {
            const turnUsage = this.#baselineKnown ? usageDelta(event.usage, this.#lastTotal) : undefined;
            event = turnUsage ? { ...event, turn_usage: turnUsage } : { ...event };
            this.#baselineKnown = true;
            this.#lastTotal = event.usage;
          }
          recorder.record(event); // the finished Turn, recorded here rather than by one more generator around this one
          yield event;
        }
        ended = true;
      } finally {
        this.#running = false;
        this.#activeTurnId = null;
      }
    } catch (error) {
      recorder.fail(error);
      throw error;
    } finally {
      recorder.settle(ended);
    }
  }
}
