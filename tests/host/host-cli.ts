// `codexkit host` as a child process, the way users run it: the built command (npm test builds first), so no loader
// process sits in between to relay signals. Its first stdout line names its URL; its JSON logs go to stderr.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import process from "node:process";
import { eventually } from "../helpers/process-state.ts";

const root = join(import.meta.dirname, "..", "..");

export interface HostCli {
  child: ChildProcess;
  /** The exit code (0 for a clean SIGTERM exit, also on Deno, see below). */
  exit: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** The `ws://` URL from the first stdout line, once the host listens. */
  url(timeoutMs?: number): Promise<string>;
  /** The JSON log entries written so far. */
  logs(): Array<Record<string, unknown> & { event: string }>;
}

/** Starts `codexkit host ARGS` with extra environment variables (CODEX_HOME among them). */
export function startHostCli(args: string[], env: Record<string, string> = {}): HostCli {
  const child = spawn("node", [join(root, "dist", "cli.mjs"), "host", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c) => (stdout += c));
  child.stderr!.on("data", (c) => (stderr += c));
  // Deno's child_process reports the signal it sent (code null) even when the child handled it and exited 0; there
  // the clean exit is read from the host's last log line instead
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code, signal) =>
      resolve(code === null && signal === "SIGTERM" && "Deno" in globalThis && /"event":"stopped"/.test(stderr) ? 0 : code)
    )
  );
  return {
    child,
    exit,
    stdout: () => stdout,
    stderr: () => stderr,
    async url(timeoutMs = 60_000) {
      if (!(await eventually(() => stdout.includes("\n") || child.exitCode !== null, timeoutMs)) || !stdout.includes("\n")) {
        throw new Error(`codexkit host did not start: ${stderr.trim() || "no output"}`);
      }
      return stdout.split("\n")[0]!.slice("codexkit host listening on ".length);
    },
    logs: () => stderr.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l)),
  };
}
