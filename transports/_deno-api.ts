/**
 * The few Deno APIs the Deno transport and server use, declared structurally so these files type-check under tsc
 * as well as under Deno. tests/types/deno-api.ts checks these shapes against Deno's own types.
 *
 * @module
 */

/** The subset of a spawned `Deno.ChildProcess` the transport uses (all stdio piped). */
export interface DenoChild {
  /** The process id. */
  readonly pid: number;
  /** The child's piped stdin. */
  readonly stdin: WritableStream<Uint8Array>;
  /** The child's piped stdout. */
  readonly stdout: ReadableStream<Uint8Array>;
  /** The child's piped stderr. */
  readonly stderr: ReadableStream<Uint8Array>;
  /** Resolves with the exit status when the process exits. */
  readonly status: Promise<{ code: number; signal: string | null }>;
}

/** The subset of the `Deno` global used here. */
export interface DenoApi {
  /** Builds a subprocess command (`Deno.Command`). */
  Command: new (command: string, options: {
    args: string[];
    env: Record<string, string>;
    clearEnv: boolean;
    stdin: "piped";
    stdout: "piped";
    stderr: "piped";
    detached: boolean;
  }) => { spawn(): DenoChild };
  /** Sends a signal to a process (`Deno.kill`). */
  kill(pid: number, signal: "SIGTERM" | "SIGKILL"): void;
  /** The environment variables (`Deno.env`). */
  env: { toObject(): Record<string, string> };
  /** Creates a temporary directory (`Deno.makeTempDir`). */
  makeTempDir(options: { prefix: string }): Promise<string>;
  /** Writes a text file (`Deno.writeTextFile`). */
  writeTextFile(path: string, text: string, options: { mode: number }): Promise<void>;
  /** Writes a binary file (`Deno.writeFile`). */
  writeFile(path: string, data: Uint8Array, options: { mode: number }): Promise<void>;
  /** Removes a file or directory (`Deno.remove`). */
  remove(path: string, options: { recursive: boolean }): Promise<void>;
  /** Starts an HTTP server (`Deno.serve`). */
  serve(
    options: { hostname: string; port: number; onListen: (addr: { port: number }) => void },
    handler: (request: Request, info: { completed: Promise<void> }) => Response | Promise<Response>,
  ): { addr: { port: number }; shutdown(): Promise<void> };
}

/**
 * Returns the `Deno` global.
 * @returns The `Deno` global, looked up on each use (so the module loads anywhere and tests can observe calls).
 */
export const denoApi = (): DenoApi => (globalThis as unknown as { Deno: DenoApi }).Deno;
