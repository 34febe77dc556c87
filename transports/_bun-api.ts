/**
 * The few Bun APIs the Bun transport and server use, declared structurally: the published code carries no
 * bun-types reference, so nobody importing the package (a Deno user of the JSR root entry, whose type graph reaches
 * transports/bun.ts) gets Bun's global declarations. tests/types/bun-api.ts checks these shapes against bun-types.
 *
 * @module
 */

/** The subset of `Bun.spawn`'s result the transport uses (with `stdin/stdout/stderr: "pipe"`). */
export interface BunSubprocess {
  /** The process id. */
  readonly pid: number;
  /** The child's piped stdin. */
  readonly stdin: {
    write(chunk: Uint8Array): number | Promise<number>;
    flush(): number | Promise<number>;
    end(): number | Promise<number>;
  };
  /** The child's piped stdout. */
  readonly stdout: ReadableStream<Uint8Array>;
  /** The child's piped stderr. */
  readonly stderr: ReadableStream<Uint8Array>;
  /** Resolves with the exit code when the process exits. */
  readonly exited: Promise<number>;
  /** The exit code, or `null` while running or when killed by a signal. */
  readonly exitCode: number | null;
  /** The signal that killed the process, if any. */
  readonly signalCode: string | number | null;
}

/** The subset of `Bun.serve`'s result the test server uses. */
export interface BunServer {
  /** The port the server listens on. */
  readonly port: number | undefined;
  /** Stops the server. */
  stop(closeActiveConnections?: boolean): Promise<void> | void;
}

/** The subset of the `Bun` global used here. */
export interface BunApi {
  /** Spawns a subprocess (`Bun.spawn`). */
  spawn(
    cmd: string[],
    options: { env: Record<string, string>; stdin: "pipe"; stdout: "pipe"; stderr: "pipe"; detached: boolean },
  ): BunSubprocess;
  /** Starts an HTTP server (`Bun.serve`). */
  serve(options: {
    hostname: string;
    port: number;
    idleTimeout: number;
    fetch: (request: Request) => Response | Promise<Response>;
  }): BunServer;
  /** The environment variables (`Bun.env`). */
  readonly env: Record<string, string | undefined>;
}

/**
 * Returns the `Bun` global.
 * @returns The `Bun` global, looked up on each use (so the module loads anywhere and tests can observe calls).
 */
export const bunApi = (): BunApi => (globalThis as unknown as { Bun: BunApi }).Bun;
