/**
 * Codex as an AI SDK tool: another model hands a task to codex, watches its progress as preliminary results (one
 * per completed item), and gets back a short answer.
 *
 * @module
 */
import {
  type Codex,
  CodexAbortError,
  CodexOptionsError,
  CodexTimeoutError,
  type StandardResult,
  type Thread,
  type ThreadItem,
  type ThreadOptions,
  TurnFailedError,
  type Usage,
} from "../core.ts";
import { SAFE_THREAD_DEFAULTS } from "./language-model.ts";

/** The tool's input: the task for codex. */
export interface CodexToolInput {
  /** What codex should do, in the calling model's words. */
  prompt: string;
}

/** One line about a completed item, for progress and the final result. */
export interface CodexToolItemSummary {
  /** The item's type (`command_execution`, `file_change`, `agent_message`, …). */
  type: string;
  /** A short human-readable line, e.g. `$ npm test (exit 0)`. */
  summary: string;
}

/** What the tool yields: progress while codex works (`status: "working"`), then the result. */
export interface CodexToolOutput {
  /** `working` for preliminary results, `completed` for the last one. */
  status: "working" | "completed";
  /** The codex thread (continue it later with `resumeThread`). */
  threadId: string | null;
  /** The final answer ("" while working). */
  finalResponse: string;
  /** The newest completed items (with `includeItems`, at most `itemsLimit`). */
  items?: CodexToolItemSummary[];
  /** This turn's token usage (with `includeUsage`, on the last result). */
  usage?: Usage | null;
}

/** Options of {@link createCodexTool}. */
export interface CodexToolSettings {
  /** Thread options over the safe defaults (read-only sandbox, approvals never, no web search or network). */
  threadOptions?: ThreadOptions;
  /** Keep one codex thread across the tool's calls, so later tasks see earlier ones (default true). */
  persistThread?: boolean;
  /** Add item summaries to progress and result (default true). */
  includeItems?: boolean;
  /** How many of the newest items to include (default 20). */
  itemsLimit?: number;
  /** Add the turn's token usage to the result (default false). */
  includeUsage?: boolean;
  /** Abort the turn after this long (the caller's abort signal is always honoured). */
  timeoutMs?: number;
  /** The tool description the calling model sees. */
  description?: string;
}

/** The Standard Schema (with its JSON Schema) of {@link CodexToolInput}. */
export interface CodexToolInputSchema {
  /** The Standard Schema interface. */
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<CodexToolInput>;
    readonly types?: { readonly input: unknown; readonly output: CodexToolInput } | undefined;
    readonly jsonSchema: {
      readonly input: (options: { readonly target: string }) => Record<string, unknown>;
      readonly output: (options: { readonly target: string }) => Record<string, unknown>;
    };
  };
}

/** What the AI SDK passes to a tool's `execute`. */
export interface CodexToolCallOptions {
  /** The tool call id. */
  toolCallId: string;
  /** Aborts the turn. */
  abortSignal?: AbortSignal;
}

/** An AI SDK tool (use it in `tools: { codex: codexTool() }`). */
export interface CodexTool {
  /** What the calling model reads about the tool. */
  description: string;
  /** `{ prompt: string }`. */
  inputSchema: CodexToolInputSchema;
  /**
   * Runs a codex turn, yielding progress and then the result.
   * @param input The task.
   * @param options The call id and abort signal.
   * @returns Preliminary results, the last one final.
   */
  execute(input: CodexToolInput, options: CodexToolCallOptions): AsyncIterable<CodexToolOutput>;
  /**
   * Keeps what goes back to the calling model short: codex's answer (and the thread id).
   * @param options The call's output.
   * @returns A text result.
   */
  toModelOutput(options: { output: CodexToolOutput }): { type: "text"; value: string };
}

const INPUT_JSON_SCHEMA = {
  type: "object",
  properties: { prompt: { type: "string", description: "The task for codex, with everything it needs to know" } },
  required: ["prompt"],
  additionalProperties: false,
};

const inputSchema: CodexToolInputSchema = {
  "~standard": {
    version: 1,
    vendor: "codexkit",
    validate(value: unknown): StandardResult<CodexToolInput> {
      const prompt = (value as { prompt?: unknown } | null)?.prompt;
      if (typeof prompt === "string" && prompt.trim() !== "") return { value: { prompt } };
      return { issues: [{ message: "prompt must be a non-empty string", path: ["prompt"] }] };
    },
    jsonSchema: { input: () => INPUT_JSON_SCHEMA, output: () => INPUT_JSON_SCHEMA },
  },
};

function clip(text: string, max = 160): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * A one-line summary of an item.
 *
 * @param item A completed item.
 * @returns The summary, or `null` for items not worth a line (reasoning, unknown types).
 * @example
 * ```ts
 * summarizeItem({ id: "i", type: "command_execution", command: "ls", aggregated_output: "", exit_code: 0, status: "completed" });
 * // { type: "command_execution", summary: "$ ls (exit 0)" }
 * ```
 */
export function summarizeItem(item: ThreadItem): CodexToolItemSummary | null {
  const line = (summary: string) => ({ type: item.type, summary });
  switch (item.type) {
    case "command_execution":
      return line(
        `$ ${clip(item.command.replace(/^\S*\/(ba|z)?sh -l?c ['"](.*)['"]$/s, "$2"))} (${
          item.exit_code === undefined || item.exit_code === null ? item.status : `exit ${item.exit_code}`
        })`,
      );
    case "file_change":
      return line(
        `${item.status === "completed" ? "changed" : `${item.status}:`} ${
          item.changes.map((c) => `${c.kind} ${c.path}`).join(", ")
        }`,
      );
    case "agent_message":
      return line(clip(item.text));
    case "web_search":
      return line(`searched: ${clip(item.query)}`);
    case "mcp_tool_call":
      return line(`${item.server}.${item.tool} (${item.status})`);
    case "todo_list":
      return line(`plan: ${item.items.filter((i) => i.completed).length}/${item.items.length} done`);
    case "error":
      return line(`notice: ${clip(item.message)}`);
    default:
      return null;
  }
}

/**
 * Creates the handoff tool on a given codex (the `codexTool` of `@codexkit/sdk/ai` creates the codex for you).
 *
 * @param codex The codex that runs the turns.
 * @param settings Thread options, thread persistence, what the result includes, a timeout.
 * @returns The tool.
 * @throws {CodexOptionsError} When a setting is invalid.
 * @example
 * ```ts
 * const tool = createCodexTool(new Codex(), { threadOptions: { workingDirectory: "/repo" } });
 * ```
 */
export function createCodexTool(codex: Codex, settings: CodexToolSettings = {}): CodexTool {
  const { persistThread = true, includeItems = true, itemsLimit = 20, includeUsage = false, timeoutMs } = settings;
  if (!Number.isInteger(itemsLimit) || itemsLimit < 0) {
    throw new CodexOptionsError("itemsLimit", "must be a non-negative integer");
  }
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new CodexOptionsError("timeoutMs", "must be a positive number of milliseconds");
  }
  const threadOptions: ThreadOptions = { ...SAFE_THREAD_DEFAULTS, ...settings.threadOptions };
  let persisted: Thread | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  async function* run(input: CodexToolInput, options: CodexToolCallOptions): AsyncGenerator<CodexToolOutput> {
    const thread = persistThread ? (persisted ??= codex.startThread(threadOptions)) : codex.startThread(threadOptions);
    const timeout = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
    const signals = [options.abortSignal, timeout].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const summaries: CodexToolItemSummary[] = [];
    const items = () => (includeItems ? { items: summaries.slice(Math.max(0, summaries.length - itemsLimit)) } : {});
    let finalResponse = "";
    let usage: Usage | null = null;
    try {
      const { events } = await thread.runStreamed(input.prompt, signal ? { signal } : {});
      for await (const event of events) {
        if (event.type === "item.completed") {
          if (event.item.type === "agent_message") finalResponse = event.item.text;
          const summary = summarizeItem(event.item);
          if (summary) summaries.push(summary);
          yield { status: "working", threadId: thread.id, finalResponse: "", ...items() };
        } else if (event.type === "turn.completed") {
          usage = event.turn_usage ?? null;
        } else if (event.type === "turn.failed") {
          throw new TurnFailedError(event.error.message, thread.id);
        }
      }
    } catch (err) {
      if (timeout?.aborted && !options.abortSignal?.aborted) {
        throw new CodexTimeoutError(`Cannot finish the codex task: it took longer than ${timeoutMs} ms`, timeoutMs!);
      }
      throw err;
    }
    yield { status: "completed", threadId: thread.id, finalResponse, ...items(), ...(includeUsage ? { usage } : {}) };
  }

  return {
    description: settings.description ??
      "Hands a software task to Codex, a coding agent that works in a sandboxed workspace: it reads files, runs commands and (when allowed) edits code, then reports back. Give it the whole task in one prompt.",
    inputSchema,
    execute(input: CodexToolInput, options: CodexToolCallOptions): AsyncIterable<CodexToolOutput> {
      if (options.abortSignal?.aborted) throw new CodexAbortError(undefined, { cause: options.abortSignal.reason });
      if (!persistThread) return run(input, options);
      // one persisted thread runs one turn at a time: later calls wait for earlier ones
      const previous = queue;
      let release!: () => void;
      queue = new Promise<void>((resolve) => (release = resolve));
      return (async function* () {
        await previous.catch(() => {});
        try {
          yield* run(input, options);
        } finally {
          release();
        }
      })();
    },
    toModelOutput({ output }: { output: CodexToolOutput }): { type: "text"; value: string } {
      const answer = output.finalResponse || "(codex finished without a message)";
      return { type: "text", value: output.threadId ? `${answer}\n\n[codex thread ${output.threadId}]` : answer };
    },
  };
}
