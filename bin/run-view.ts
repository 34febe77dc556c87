/**
 * How `codexkit run` shows a turn: on a terminal, a live view (a spinner naming what codex is doing, each finished
 * command with its exit code, the answer as it streams, a summary line); elsewhere, the same as plain lines; with
 * `--json`, the events themselves, one per line.
 *
 * @module
 */
import process from "node:process";
import colors from "yoctocolors";
import yoctoSpinner from "yocto-spinner";
import type { ThreadEvent, ThreadItem, Usage } from "../src/mod.ts";

/** What a view does with a turn. */
export interface RunView {
  /** Shows one event. */
  event(event: ThreadEvent): void;
  /** Pauses the live part (for a question on the terminal) and returns a function that resumes it. */
  pause(): () => void;
  /** Ends the turn with a summary line. */
  done(summary: { ok: boolean; note: string; usage: Usage | null; threadId: string | null; startedAt: number }): void;
}

const short = (text: string, max = 100) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

// `/bin/bash -lc 'echo hi'` → `echo hi`
const commandLine = (command: string) => command.replace(/^\S*\/(ba|z)?sh -l?c '(.*)'$/s, "$2");

const number = (n: number) => n.toLocaleString("en-US");

function usageText(usage: Usage | null): string {
  if (!usage) return "tokens unknown";
  const cached = usage.cached_input_tokens ? ` (${number(usage.cached_input_tokens)} cached)` : "";
  return `${number(usage.input_tokens)} in${cached} / ${number(usage.output_tokens)} out tokens`;
}

function itemLine(item: ThreadItem, color: boolean): string | null {
  const paint = (fn: (s: string) => string, s: string) => (color ? fn(s) : s);
  switch (item.type) {
    case "command_execution": {
      const ok = item.status === "completed" && (item.exit_code ?? 0) === 0;
      const code = item.exit_code === null || item.exit_code === undefined ? item.status : `exit ${item.exit_code}`;
      return `${paint(ok ? colors.green : colors.red, ok ? "✓" : "✗")} $ ${short(commandLine(item.command))} ${
        paint(colors.dim, `(${code})`)
      }`;
    }
    case "file_change":
      return `${paint(colors.cyan, "✎")} ${item.changes.map((c) => `${c.kind} ${c.path}`).join(", ")} ${
        paint(colors.dim, `(${item.status})`)
      }`;
    case "web_search":
      return `${paint(colors.cyan, "⌕")} searched ${short(item.query)}`;
    case "mcp_tool_call":
      return `${paint(colors.cyan, "⚙")} ${item.server}.${item.tool} ${paint(colors.dim, `(${item.status})`)}`;
    case "todo_list":
      return `${paint(colors.cyan, "☰")} plan: ${
        item.items.map((i) => `${i.completed ? "☑" : "☐"} ${short(i.text, 40)}`).join("  ")
      }`;
    case "reasoning":
      return item.text ? paint(colors.dim, `· ${short(item.text)}`) : null;
    case "error":
      return paint(colors.yellow, `! ${short(item.message, 200)}`);
    default:
      return null;
  }
}

function runningText(item: ThreadItem): string {
  switch (item.type) {
    case "command_execution":
      return `Running ${short(commandLine(item.command), 70)}`;
    case "file_change":
      return "Editing files";
    case "web_search":
      return `Searching ${short(item.query, 60)}`;
    case "mcp_tool_call":
      return `Calling ${item.server}.${item.tool}`;
    default:
      return "Working";
  }
}

/** The events as JSON lines on stdout (for scripts). */
export function jsonView(): RunView {
  return {
    event: (event) =>
      void process.stdout.write(
        `${
          JSON.stringify(event.type === "parse_error" ? { type: "parse_error", message: event.error.message } : event)
        }\n`,
      ),
    pause: () => () => {},
    done: () => {},
  };
}

/**
 * The human view: live on a terminal (`live: true`), plain lines otherwise.
 *
 * @param options Live or plain; the header (backend, model, working directory).
 * @returns The view.
 */
export function humanView(options: { live: boolean; header: string }): RunView {
  const { live } = options;
  const out = (line: string) => void process.stdout.write(`${line}\n`);
  const spinner = live ? yoctoSpinner({ text: "Starting codex", stream: process.stdout, handleSignals: false }) : null;
  const streamed = new Map<string, string>(); // agent message id → text shown so far
  let partial = ""; // the streamed line not yet ended
  out(live ? colors.dim(options.header) : options.header);
  spinner?.start();

  const showText = (id: string, full: string) => {
    const shown = streamed.get(id) ?? "";
    const fresh = full.startsWith(shown) ? full.slice(shown.length) : full;
    streamed.set(id, full);
    const lines = (partial + fresh).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) out(line);
    if (spinner) spinner.text = partial ? `Writing: ${short(partial, 70)}` : "Writing";
  };
  const flush = () => {
    if (partial) out(partial);
    partial = "";
  };

  return {
    event(event) {
      switch (event.type) {
        case "thread.started":
          if (spinner) spinner.text = "Thinking";
          break;
        case "item.started":
          if (spinner && event.item.type !== "agent_message") spinner.text = runningText(event.item);
          break;
        case "item.delta":
          if (event.item_type === "agent_message") {
            showText(event.item_id, (streamed.get(event.item_id) ?? "") + event.delta);
          }
          break;
        case "item.completed": {
          const item = event.item;
          if (item.type === "agent_message") {
            showText(item.id, item.text);
            flush();
          } else {
            const line = itemLine(item, live);
            if (line) out(line);
          }
          if (spinner) spinner.text = "Thinking";
          break;
        }
        case "error":
          out(live ? colors.yellow(`! ${event.message}`) : `! ${event.message}`);
          break;
        default:
          break;
      }
    },
    pause() {
      spinner?.stop();
      return () => void spinner?.start();
    },
    done({ ok, note, usage, threadId, startedAt }) {
      flush();
      const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
      const line = `${note} in ${seconds} s · ${usageText(usage)} · thread ${threadId ?? "none"}`;
      if (spinner) {
        if (ok) spinner.success(line);
        else spinner.error(line);
      } else out(`${ok ? "✓" : "✗"} ${line}`);
    },
  };
}
