/**
 * The result of a completed turn, with helpers that pick items by type.
 *
 * @module
 */
import type { ThreadEvent, Usage } from "./events.ts";
import type {
  AgentMessageItem,
  CommandExecutionItem,
  ErrorItem,
  FileChangeItem,
  McpToolCallItem,
  ReasoningItem,
  ThreadItem,
  TodoListItem,
  WebSearchItem,
} from "./items.ts";

/** The data a {@link Turn} is built from. */
export interface TurnInit {
  /** Completed items, in order. */
  items: ThreadItem[];
  /** Every event of the turn, SDK-added `parse_error` events included. */
  events: ThreadEvent[];
  /** This turn's usage. */
  usage: Usage | null;
  /** The thread's running total as codex reported it. */
  cumulativeUsage: Usage | null;
  /** The thread id. */
  threadId: string | null;
}

/**
 * A completed turn: `items`, `finalResponse` and `usage` as in `@openai/codex-sdk`, plus the thread's
 * `cumulativeUsage`, all `events`, and typed item filters.
 *
 * @example
 * ```ts
 * const turn = await thread.run("List the files");
 * for (const cmd of turn.commands()) console.log(cmd.command, cmd.exit_code);
 * ```
 */
export class Turn {
  /** Items that completed during the turn, in order. */
  readonly items: ThreadItem[];
  /** The text of the last agent message ("" when there was none). */
  readonly finalResponse: string;
  /** This turn's token usage (not the thread's running total). */
  readonly usage: Usage | null;
  /** The thread's running total, as codex reports it in `turn.completed`. */
  readonly cumulativeUsage: Usage | null;
  /** Every event of the turn, in order. */
  readonly events: ThreadEvent[];
  /** The thread this turn ran on. */
  readonly threadId: string | null;

  /**
   * Creates a turn from its data.
   * @param init The turn's data.
   */
  constructor(init: TurnInit) {
    this.items = init.items;
    this.events = init.events;
    this.usage = init.usage;
    this.cumulativeUsage = init.cumulativeUsage;
    this.threadId = init.threadId;
    let final = "";
    for (const item of init.items) if (item.type === "agent_message") final = item.text;
    this.finalResponse = final;
  }

  #ofType<T extends ThreadItem>(type: T["type"]): T[] {
    return this.items.filter((item): item is T => item.type === type);
  }

  /**
   * The agent message items of this turn.
   * @returns The agent messages.
   */
  agentMessages(): AgentMessageItem[] {
    return this.#ofType<AgentMessageItem>("agent_message");
  }
  /**
   * The reasoning items of this turn.
   * @returns The reasoning summaries.
   */
  reasoning(): ReasoningItem[] {
    return this.#ofType<ReasoningItem>("reasoning");
  }
  /**
   * The command execution items of this turn.
   * @returns The commands the agent ran.
   */
  commands(): CommandExecutionItem[] {
    return this.#ofType<CommandExecutionItem>("command_execution");
  }
  /**
   * The file change items of this turn.
   * @returns The file changes.
   */
  fileChanges(): FileChangeItem[] {
    return this.#ofType<FileChangeItem>("file_change");
  }
  /**
   * The MCP tool call items of this turn.
   * @returns The MCP tool calls.
   */
  mcpToolCalls(): McpToolCallItem[] {
    return this.#ofType<McpToolCallItem>("mcp_tool_call");
  }
  /**
   * The web search items of this turn.
   * @returns The web searches.
   */
  webSearches(): WebSearchItem[] {
    return this.#ofType<WebSearchItem>("web_search");
  }
  /**
   * The todo list items of this turn.
   * @returns The todo lists.
   */
  todoLists(): TodoListItem[] {
    return this.#ofType<TodoListItem>("todo_list");
  }
  /**
   * The error items of this turn.
   * @returns The error items (non-fatal notices inside the turn).
   */
  errors(): ErrorItem[] {
    return this.#ofType<ErrorItem>("error");
  }
}

/** Alias of {@link Turn}, the result of `run()` (the name `@openai/codex-sdk` exports). */
export type RunResult = Turn;

/** A turn whose final response was parsed (and, for a Standard Schema, validated). */
export class JsonTurn<T> extends Turn {
  /** The parsed final response. */
  readonly data: T;

  /**
   * Creates a turn with a parsed final response.
   * @param init The turn's data.
   * @param data The parsed final response.
   */
  constructor(init: TurnInit, data: T) {
    super(init);
    this.data = data;
  }
}
