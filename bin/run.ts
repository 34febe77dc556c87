/**
 * `codexkit run "prompt"`: one codex turn from the terminal, shown live (or as plain lines, or as JSON events with
 * `--json`). Ctrl-C interrupts the turn cleanly — codex is stopped, nothing is left running — and exits 130.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import process from "node:process";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { Codex } from "../transports/auto.ts";
import {
  type ApprovalDecision,
  type ApprovalDecisions,
  isCodexAbortError,
  type Thread,
  type ThreadOptions,
  type Usage,
  type UserInput,
} from "../src/mod.ts";
import { hostToken, imagesAsBytes, remoteTransport } from "./run-remote.ts";
import { RunUsageError } from "./run-usage-error.ts";
import { humanView, jsonView, type RunView } from "./run-view.ts";

export { RunUsageError };

export const RUN_USAGE = `Usage: codexkit run [options] "prompt"      (the prompt may also come on stdin)

Options:
  --backend <exec|app-server>  How to run codex (default exec)
  --cd <dir>                   Working directory of the agent
  --sandbox <mode>             read-only | workspace-write | danger-full-access
  --model <name>               Model to use
  --skip-git-repo-check        Run outside a git repository
  --resume <thread-id>         Continue a thread
  --last                       Continue the most recent thread
  --output-schema <file>       JSON Schema file the final answer must match
  --image <file>               Attach an image (repeatable)
  -c, --config <key=value>     A codex config override (repeatable), e.g. -c model_reasoning_effort="high"
  --approve <policy>           app-server backend: never | ask | accept-commands | accept-all
                               (default: ask on a terminal, never otherwise)
  --json                       Print the events as JSON lines (for scripts)
  --remote <url>               Run on a codex host (ws:// or wss://); the token from --token-file <file> or
                               CODEXKIT_HOST_TOKEN; --image files are uploaded, --cd names a directory on the host
  -h, --help                   Show this help`;

const APPROVE = ["never", "ask", "accept-commands", "accept-all"] as const;
type Approve = (typeof APPROVE)[number];

function pick<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    throw new RunUsageError(`Invalid --${name} ${value}: expected ${allowed.join(", ")}`);
  }
  return value as T;
}

function readJson(flag: string, file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (err) {
    throw new RunUsageError(`Cannot read ${flag} ${file}: ${(err as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function approvals(approve: Approve, view: () => RunView): ApprovalDecisions {
  if (approve === "never") return { commandExecution: "decline", fileChange: "decline", permissions: "decline" };
  if (approve === "accept-all") return { commandExecution: "accept", fileChange: "accept", permissions: "accept" };
  if (approve === "accept-commands") {
    return { commandExecution: "accept", fileChange: "decline", permissions: "decline" };
  }
  const ask = async (what: string): Promise<ApprovalDecision> => {
    const resume = view().pause();
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      const answer = (await rl.question(`? Allow ${what}  [y]es / [a]lways / [n]o / [c]ancel the turn: `)).trim()
        .toLowerCase();
      return answer.startsWith("a")
        ? "acceptForSession"
        : answer.startsWith("y")
        ? "accept"
        : answer.startsWith("c")
        ? "cancel"
        : "decline";
    } finally {
      rl.close();
      resume();
    }
  };
  return {
    commandExecution: (p) => ask(`command ${(p as { command?: string }).command ?? "(unknown)"}`),
    fileChange: () => ask("file changes"),
    permissions: () => ask("more permissions"),
    timeoutMs: 24 * 60 * 60_000,
  };
}

/**
 * Runs `codexkit run`.
 *
 * @param args The arguments after `run`.
 * @returns The exit code: 0 done, 1 failed, 130 interrupted.
 * @throws {RunUsageError} For a bad command line.
 */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      backend: { type: "string" },
      cd: { type: "string" },
      sandbox: { type: "string" },
      model: { type: "string" },
      "skip-git-repo-check": { type: "boolean" },
      resume: { type: "string" },
      last: { type: "boolean" },
      "output-schema": { type: "string" },
      image: { type: "string", multiple: true },
      config: { type: "string", short: "c", multiple: true },
      approve: { type: "string" },
      json: { type: "boolean" },
      remote: { type: "string" },
      "token-file": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(RUN_USAGE);
    return 0;
  }
  if (values["token-file"] && !values.remote) throw new RunUsageError("Cannot use --token-file without --remote");
  if (values.remote && values.config?.length) {
    throw new RunUsageError("Cannot use -c with --remote: the host decides codex's config (use --model, --sandbox)");
  }
  const backend = pick("backend", values.backend, ["exec", "app-server"] as const) ?? "exec";
  const sandboxMode = pick("sandbox", values.sandbox, ["read-only", "workspace-write", "danger-full-access"] as const);
  const interactive = Boolean(process.stdout.isTTY && process.stdin.isTTY) && !values.json;
  const approve = pick("approve", values.approve, APPROVE) ?? (interactive ? "ask" : "never");
  if (values.approve && backend === "exec") {
    throw new RunUsageError(
      "Cannot use --approve with --backend exec: codex exec never asks; use --backend app-server",
    );
  }
  if (approve === "ask" && values.approve && !interactive) {
    throw new RunUsageError("Cannot use --approve ask without a terminal");
  }
  if (values.resume && values.last) throw new RunUsageError("Cannot use --resume and --last together");
  for (const pair of values.config ?? []) {
    if (!/^[\w.-]+=/.test(pair)) throw new RunUsageError(`Invalid -c ${pair}: expected key=value`);
  }

  let prompt = positionals.join(" ");
  if (!prompt && !process.stdin.isTTY) prompt = (await readStdin()).trim();
  if (!prompt) throw new RunUsageError('Missing the prompt: codexkit run "what to do"');
  const outputSchema = values["output-schema"] ? readJson("--output-schema", values["output-schema"]) : undefined;
  const images: UserInput[] = values.remote
    ? imagesAsBytes(values.image ?? [])
    : (values.image ?? []).map((path) => ({ type: "local_image", path }));
  const transport = values.remote ? await remoteTransport(values.remote, hostToken(values["token-file"])) : undefined;

  let view: RunView;
  const threadOptions: ThreadOptions = {
    ...(values.cd ? { workingDirectory: values.cd } : {}),
    ...(sandboxMode ? { sandboxMode } : {}),
    ...(values.model ? { model: values.model } : {}),
    ...(values["skip-git-repo-check"] ? { skipGitRepoCheck: true } : {}),
    ...(values.config?.length ? { configOverrides: values.config } : {}),
    ...(backend === "app-server" ? { approvals: approvals(approve, () => view) } : {}),
    ...(backend === "app-server" && approve !== "never" ? { approvalPolicy: "on-request" as const } : {}),
  };
  const codex = new Codex({ backend, ...(transport ? { transport } : {}) });
  const thread: Thread = values.resume
    ? codex.resumeThread(values.resume, threadOptions)
    : values.last
    ? codex.resumeLastThread(threadOptions)
    : codex.startThread(threadOptions);
  const where = values.remote ? `${values.remote}${values.cd ? ` ${values.cd}` : ""}` : values.cd ?? process.cwd();
  const header = `codexkit run · ${backend}${values.model ? ` · ${values.model}` : ""} · ${where}`;
  view = values.json ? jsonView() : humanView({ live: Boolean(process.stdout.isTTY), header });

  // Ctrl-C: interrupt the turn (codex stops, nothing is left behind); a second Ctrl-C exits at once
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    if (++interrupts > 1) process.exit(130);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const startedAt = performance.now();
  let usage: Usage | null = null;
  let failure: string | null = null;
  try {
    const { events } = await thread.runStreamed(images.length ? [{ type: "text", text: prompt }, ...images] : prompt, {
      signal: controller.signal,
      ...(outputSchema ? { outputSchema } : {}),
    });
    for await (const event of events) {
      view.event(event);
      if (event.type === "turn.completed") usage = event.turn_usage ?? event.usage;
      if (event.type === "turn.failed") failure = event.error.message;
    }
  } catch (err) {
    if (isCodexAbortError(err) || controller.signal.aborted) {
      view.done({ ok: false, note: "Interrupted", usage, threadId: thread.id, startedAt });
      return 130;
    }
    failure = (err as Error).message;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await codex.close();
    await transport?.close();
  }
  if (failure !== null) {
    view.done({ ok: false, note: `Failed: ${failure}`, usage, threadId: thread.id, startedAt });
    if (values.json) process.stderr.write(`codexkit: turn failed: ${failure}\n`);
    return 1;
  }
  view.done({ ok: true, note: "Done", usage, threadId: thread.id, startedAt });
  return 0;
}
