/**
 * Thread items of `codex exec --json` (snake_case, as codex prints them) and the valibot schemas that check them.
 * Schemas are loose: fields codex adds later pass through untouched.
 *
 * @module
 */
import * as v from "valibot";

/** Status of a command, file change or tool call; known values plus whatever newer codex sends. */
export type ItemStatus = "in_progress" | "completed" | "failed" | "declined" | (string & {});

/**
 * How a client should present a moderated answer (app-server `agentMessage.moderation.display`): a union on `mode`
 * since codex 0.171 (`show` with a trusted-contacts check, `hide` with a replacement, `block` with a reason). The
 * 0.169 shape (`action`, …) is read as `mode`; a mode this SDK does not know passes through with its fields.
 */
export type AgentMessageDisplay =
  | { mode: "show"; trustedContacts?: "check" | "skip" | (string & {}); annotation?: unknown; [extra: string]: unknown }
  | { mode: "hide"; replacement?: { kind: string; [extra: string]: unknown }; [extra: string]: unknown }
  | { mode: "block"; reason?: { kind: string; [extra: string]: unknown }; [extra: string]: unknown }
  | { mode: string & {}; [extra: string]: unknown };

/** Moderation of an agent message (app-server backend only; exec mode does not report it). */
export interface AgentMessageModeration {
  /** Whether the answer was moderated. */
  moderated: boolean;
  /** How to present it, when codex says. */
  display?: AgentMessageDisplay | null;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}

/** The agent's reply; with an output schema, `text` is the JSON document. */
export interface AgentMessageItem {
  /** Item id (`item_<n>`, per codex process). */
  id: string;
  /** Item type. */
  type: "agent_message";
  /** The message text. */
  text: string;
  /** Moderation, when the app-server reports it. */
  moderation?: AgentMessageModeration | null;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}

/** A reasoning summary. */
export interface ReasoningItem {
  /** Item id. */
  id: string;
  /** Item type. */
  type: "reasoning";
  /** The summary text. */
  text: string;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}

/** A shell command the agent ran; `aggregated_output` interleaves stdout and stderr. */
export interface CommandExecutionItem {
  /** Item id. */
  id: string;
  /** Item type. */
  type: "command_execution";
  /** The command line, shell-quoted (e.g. `/bin/bash -lc 'echo hi'`). */
  command: string;
  /** stdout and stderr, interleaved. */
  aggregated_output: string;
  /** Exit code; `null` or absent while running. */
  exit_code?: number | null;
  /** `in_progress`, then `completed` (exit 0), `failed` or `declined`. */
  status: ItemStatus;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}

/** One changed file. */
export interface FileUpdateChange {
  /** Absolute path. */
  path: string;
  /** What happened to it. */
  kind: "add" | "delete" | "update" | (string & {});
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}

/** A patch the agent applied. */
export interface FileChangeItem {
  /** Item id. */
  id: string;
  /** Item type. */
  type: "file_change";
  /** The changed files. */
  changes: FileUpdateChange[];
  /** Patch status. */
  status: ItemStatus;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}

/** A call of an MCP server tool. */
export interface McpToolCallItem {
  /** Item id. */
  id: string;
  /** Item type. */
  type: "mcp_tool_call";
  /** MCP server name. */
  server: string;
  /** Tool name. */
  tool: string;
  /** Tool arguments. */
  arguments?: unknown;
  /** Result: MCP content blocks (and `structured_content`). */
  result?: { content: unknown[]; [extra: string]: unknown } | null;
  /** Error, when the call failed. */
  error?: { message: string; [extra: string]: unknown } | null;
  /** Call status. */
  status: ItemStatus;
  /** The environment the MCP server runs in (app-server, codex ≥ 0.171). */
  environment_id?: string | null;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}

/** A web search. (codex 0.169 prints two `id` keys here; `JSON.parse` keeps the last, the `ws_…` id.) */
export interface WebSearchItem {
  /** Item id. */
  id: string;
  /** Item type. */
  type: "web_search";
  /** The query ("" while starting). */
  query: string;
  /** What the search did: `search`, `open_page`, `find_in_page`, `other`. */
  action?: { type: string; [extra: string]: unknown };
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}

/** The agent's plan. */
export interface TodoListItem {
  /** Item id. */
  id: string;
  /** Item type. */
  type: "todo_list";
  /** Plan entries. */
  items: Array<{ text: string; completed: boolean; [extra: string]: unknown }>;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}

/** A non-fatal error notice inside the turn. */
export interface ErrorItem {
  /** Item id. */
  id: string;
  /** Item type. */
  type: "error";
  /** The notice. */
  message: string;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}

/** A multi-agent collaboration call (spawn, send input, wait, close). */
export interface CollabToolCallItem {
  /** Item id. */
  id: string;
  /** Item type. */
  type: "collab_tool_call";
  /** `spawn_agent`, `send_input`, `wait`, `close_agent`, … (snake_case on both backends). */
  tool: string;
  /** Call status. */
  status?: ItemStatus;
  /** The thread that made the call. */
  sender_thread_id?: string;
  /** The agent threads it addressed. */
  receiver_thread_ids?: string[];
  /** The prompt sent to the agents, if any. */
  prompt?: string | null;
  /** Each addressed agent's state, by thread id. */
  agents_states?: Record<string, unknown>;
  /** Fields added by newer codex versions. */
  [extra: string]: unknown;
}

/** An item type this SDK version does not know; `raw` holds it as codex sent it. */
export interface UnknownItem {
  /** The item id, when codex sent one. */
  id: string;
  /** Always `"unknown"`, so `switch (item.type)` keeps narrowing the known variants. */
  type: "unknown";
  /** The `type` codex sent. */
  item_type: string;
  /** The item as received. */
  raw: Record<string, unknown>;
}

/** Every item of a thread. */
export type ThreadItem =
  | AgentMessageItem
  | ReasoningItem
  | CommandExecutionItem
  | FileChangeItem
  | McpToolCallItem
  | WebSearchItem
  | TodoListItem
  | ErrorItem
  | CollabToolCallItem
  | UnknownItem;

const Status = v.custom<ItemStatus>((x) => typeof x === "string", "status must be a string");
const Id = v.string();

/** Schema of {@link AgentMessageItem}. */
export const AgentMessageItemSchema: v.GenericSchema<unknown, AgentMessageItem> = v.looseObject({
  id: Id,
  type: v.literal("agent_message"),
  text: v.string(),
});

/** Schema of {@link ReasoningItem}. */
export const ReasoningItemSchema: v.GenericSchema<unknown, ReasoningItem> = v.looseObject({
  id: Id,
  type: v.literal("reasoning"),
  text: v.string(),
});

/** Schema of {@link CommandExecutionItem}. */
export const CommandExecutionItemSchema: v.GenericSchema<unknown, CommandExecutionItem> = v.looseObject({
  id: Id,
  type: v.literal("command_execution"),
  command: v.string(),
  aggregated_output: v.optional(v.string(), ""),
  exit_code: v.optional(v.nullable(v.number())),
  status: Status,
});

/** Schema of {@link FileChangeItem}. */
export const FileChangeItemSchema: v.GenericSchema<unknown, FileChangeItem> = v.looseObject({
  id: Id,
  type: v.literal("file_change"),
  changes: v.array(v.looseObject({
    path: v.string(),
    kind: v.custom<FileUpdateChange["kind"]>((x) => typeof x === "string", "kind must be a string"),
  })),
  status: Status,
});

/** Schema of {@link McpToolCallItem}. */
export const McpToolCallItemSchema: v.GenericSchema<unknown, McpToolCallItem> = v.looseObject({
  id: Id,
  type: v.literal("mcp_tool_call"),
  server: v.string(),
  tool: v.string(),
  arguments: v.optional(v.unknown()),
  result: v.optional(v.nullable(v.looseObject({ content: v.optional(v.array(v.unknown()), []) }))),
  error: v.optional(v.nullable(v.looseObject({ message: v.string() }))),
  status: Status,
});

/** Schema of {@link WebSearchItem}. */
export const WebSearchItemSchema: v.GenericSchema<unknown, WebSearchItem> = v.looseObject({
  id: Id,
  type: v.literal("web_search"),
  query: v.optional(v.string(), ""),
  action: v.optional(v.looseObject({ type: v.string() })),
});

/** Schema of {@link TodoListItem}. */
export const TodoListItemSchema: v.GenericSchema<unknown, TodoListItem> = v.looseObject({
  id: Id,
  type: v.literal("todo_list"),
  items: v.array(v.looseObject({ text: v.string(), completed: v.boolean() })),
});

/** Schema of {@link ErrorItem}. */
export const ErrorItemSchema: v.GenericSchema<unknown, ErrorItem> = v.looseObject({
  id: Id,
  type: v.literal("error"),
  message: v.string(),
});

/** Schema of {@link CollabToolCallItem}. */
export const CollabToolCallItemSchema: v.GenericSchema<unknown, CollabToolCallItem> = v.looseObject({
  id: Id,
  type: v.literal("collab_tool_call"),
  tool: v.string(),
  status: v.optional(Status),
});

/** Schemas of the known item types, by `type`. */
export const ITEM_SCHEMAS: Record<string, v.GenericSchema<unknown, ThreadItem>> = {
  agent_message: AgentMessageItemSchema,
  reasoning: ReasoningItemSchema,
  command_execution: CommandExecutionItemSchema,
  file_change: FileChangeItemSchema,
  mcp_tool_call: McpToolCallItemSchema,
  web_search: WebSearchItemSchema,
  todo_list: TodoListItemSchema,
  error: ErrorItemSchema,
  collab_tool_call: CollabToolCallItemSchema,
};
