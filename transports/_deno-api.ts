/**
 * The few Deno APIs the Deno transport and server use, declared structurally so these files type-check under tsc
 * as well as under Deno. tests/types/deno-api.ts checks these shapes against Deno's own types.
 *
 * @module
 */

/** The subset of a spawned `Deno.ChildProcess` the transport uses (all stdio piped). */
export interface DenoChild {
  readonly pid: number;
  readonly stdin: WritableStream<Uint8Array>;
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  readonly status: Promise<{ code: number; signal: string | null }>;
}

/** The subset of the `Deno` global used here. */
export interface DenoApi {
  Command: new (command: string, options: {
    args: string[];
    env: Record<string, string>;
    clearEnv: boolean;
    stdin: "piped";
    stdout: "piped";
    stderr: "piped";
    detached: boolean;
  }) => { spawn(): DenoChild };
  kill(pid: number, signal: "SIGTERM" | "SIGKILL"): void;
  env: { toObject(): Record<string, string> };
  makeTempDir(options: { prefix: string }): Promise<string>;
  writeTextFile(path: string, text: string, options: { mode: number }): Promise<void>;
  remove(path: string, options: { recursive: boolean }): Promise<void>;
  serve(
    options: { hostname: string; port: number; onListen: (addr: { port: number }) => void },
    handler: (request: Request, info: { completed: Promise<void> }) => Response | Promise<Response>,
  ): { addr: { port: number }; shutdown(): Promise<void> };
}

/**
 * @returns The `Deno` global, looked up on each use (so the module loads anywhere and tests can observe calls).
 */
export const denoApi = (): DenoApi => (globalThis as unknown as { Deno: DenoApi }).Deno;
