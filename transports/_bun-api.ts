/**
 * The few Bun APIs the Bun transport and server use, declared structurally: the published code carries no
 * bun-types reference, so nobody importing the package (a Deno user of the JSR root entry, whose type graph reaches
 * transports/bun.ts) gets Bun's global declarations. tests/types/bun-api.ts checks these shapes against bun-types.
 *
 * @module
 */

/** The subset of `Bun.spawn`'s result the transport uses (with `stdin/stdout/stderr: "pipe"`). */
export interface BunSubprocess {
  readonly pid: number;
  readonly stdin: {
    write(chunk: Uint8Array): number | Promise<number>;
    flush(): number | Promise<number>;
    end(): number | Promise<number>;
  };
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  readonly exited: Promise<number>;
  readonly exitCode: number | null;
  readonly signalCode: string | number | null;
}

/** The subset of `Bun.serve`'s result the test server uses. */
export interface BunServer {
  readonly port: number | undefined;
  stop(closeActiveConnections?: boolean): Promise<void> | void;
}

/** The subset of the `Bun` global used here. */
export interface BunApi {
  spawn(
    cmd: string[],
    options: { env: Record<string, string>; stdin: "pipe"; stdout: "pipe"; stderr: "pipe"; detached: boolean },
  ): BunSubprocess;
  serve(options: {
    hostname: string;
    port: number;
    idleTimeout: number;
    fetch: (request: Request) => Response | Promise<Response>;
  }): BunServer;
  readonly env: Record<string, string | undefined>;
}

/**
 * @returns The `Bun` global, looked up on each use (so the module loads anywhere and tests can observe calls).
 */
export const bunApi = (): BunApi => (globalThis as unknown as { Bun: BunApi }).Bun;
