// The limit: a hand-written JSON-RPC loop over `codex app-server` with nothing but child_process, string splitting
// and JSON.parse — no validation, no abstractions, no error handling beyond what a happy path needs. Our app-server
// backend is measured against this.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

type Json = Record<string, unknown>;

// codex's `-c key=value` takes TOML values; dotted keys reach nested tables. JSON string escapes are valid TOML.
function configFlags(config: Json, prefix = ""): string[] {
  return Object.entries(config).flatMap(([key, value]) =>
    value !== null && typeof value === "object"
      ? configFlags(value as Json, `${prefix}${key}.`)
      : ["-c", `${prefix}${key}=${JSON.stringify(value)}`]
  );
}

/** A running bare app-server session. */
export class BareAppServer {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending = new Map<number, (message: Json) => void>();
  #nextId = 0;
  #onTurnCompleted: (() => void) | null = null;
  #buffer = "";

  /**
   * Spawns `codex app-server` (no handshake yet).
   *
   * @param codexPath The binary.
   * @param config The codex config object (flattened to `-c` flags).
   * @param codexHome CODEX_HOME.
   */
  constructor(codexPath: string, config: Json, codexHome: string) {
    this.#child = spawn(codexPath, ["app-server", ...configFlags(config)], {
      env: { ...process.env, CODEX_HOME: codexHome },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.#child.stderr.resume();
    this.#child.stdout.setEncoding("utf8");
    this.#child.stdout.on("data", (chunk: string) => this.#onData(chunk));
  }

  #onData(chunk: string): void {
    const lines = (this.#buffer + chunk).split("\n");
    this.#buffer = lines.pop()!;
    for (const line of lines) {
      if (line === "") continue;
      const message = JSON.parse(line) as Json;
      if (typeof message.id === "number" && !("method" in message)) {
        this.#pending.get(message.id)?.(message);
        this.#pending.delete(message.id);
      } else if (message.method === "turn/completed") {
        this.#onTurnCompleted?.();
      } else if ("id" in message && "method" in message) {
        // a server request (an approval): the benchmark's turns never ask, but never leave codex waiting
        this.#child.stdin.write(JSON.stringify({ id: message.id, result: { decision: "decline" } }) + "\n");
      }
    }
  }

  /**
   * @param method Method.
   * @param params Params.
   * @returns The result.
   */
  request(method: string, params: Json): Promise<Json> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (m) => (m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m.result as Json)));
      this.#child.stdin.write(JSON.stringify({ id, method, params }) + "\n");
    });
  }

  /** `initialize` + `initialized`. */
  async handshake(): Promise<void> {
    await this.request("initialize", { clientInfo: { name: "bare_loop", title: null, version: "0" }, capabilities: {} });
    this.#child.stdin.write(JSON.stringify({ method: "initialized" }) + "\n");
  }

  /**
   * @param cwd Working directory of the thread.
   * @returns The thread id.
   */
  async startThread(cwd: string): Promise<string> {
    const { thread } = await this.request("thread/start", { cwd }) as { thread: { id: string } };
    return thread.id;
  }

  /**
   * Runs one turn to `turn/completed`.
   *
   * @param threadId The thread.
   * @param text The prompt.
   */
  async turn(threadId: string, text: string): Promise<void> {
    const completed = new Promise<void>((resolve) => (this.#onTurnCompleted = resolve));
    await this.request("turn/start", { threadId, input: [{ type: "text", text, text_elements: [] }] });
    await completed;
  }

  /** Closes stdin (app-server exits on EOF) and waits for the exit. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#child.exitCode !== null) return resolve();
      this.#child.once("exit", () => resolve());
      this.#child.stdin.end();
    });
  }
}
