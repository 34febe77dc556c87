/**
 * Bun: a {@link Transport} on `Bun.spawn` (native, not Node's `child_process` compat), and `Codex` wired to it.
 * `import { Codex } from "@codexkit/sdk"` resolves here under Bun (the npm package's `bun` condition), so no
 * transport needs configuring.
 *
 * Each codex runs in its own process group (`detached: true`): abort or `kill()` sends SIGTERM to the group
 * (grandchildren included), then SIGKILL after a grace period. Groups still alive when Bun exits are killed.
 *
 * @example
 * ```ts
 * import { Codex, BunTransport } from "@codexkit/sdk/bun";
 * const codex = new Codex({ transport: new BunTransport({ killGraceMs: 500 }) });
 * ```
 *
 * @module
 */
import { Codex as CoreCodex } from "../src/codex.ts";
import { AppServerClient as CoreAppServerClient, type AppServerClientOptions } from "../src/app-server/client.ts";
import type { CodexOptions } from "../src/options.ts";
import type { Transport } from "../src/transport.ts";
import { bunApi } from "./_bun-api.ts";
import { type ProcessHost, ProcessTransport, type ProcessTransportOptions } from "./_process.ts";
import { onProcessExit, signalGroupViaProcess } from "./_process-group.ts";
import { writeTempFile } from "./_temp-file.ts";

export * from "../src/mod.ts";
export { type CodexLocation, locateCodex, resolveCodexBinary, type ResolveCodexOptions } from "./_codex-binary.ts";

/** Options of {@link BunTransport}. */
export interface BunTransportOptions extends ProcessTransportOptions {}

const bunHost: ProcessHost = {
  runtime: "bun",
  env: () => bunApi().env,
  // deno-lint-ignore require-await
  async spawn(cmd) {
    const child = bunApi().spawn([cmd.command, ...cmd.args], {
      env: cmd.env, // the complete environment: Bun does not merge it with its own
      stdin: "pipe",
      stdout: "pipe",
      stderr: "pipe",
      detached: true, // codex leads its own process group
    });
    return {
      pid: child.pid,
      stdout: child.stdout,
      stderr: child.stderr,
      async writeStdin(bytes) {
        child.stdin.write(bytes);
        await child.stdin.flush(); // resolves once the bytes are handed to the pipe
      },
      async closeStdin() {
        await child.stdin.end();
      },
      // signalCode is a name like "SIGKILL" in practice; Bun's types also allow a number, kept as text.
      exit: child.exited.then(() => {
        const signal = child.signalCode;
        return signal === null
          ? { exitCode: child.exitCode, signal: null }
          : { exitCode: null, signal: String(signal) };
      }),
    };
  },
  signalGroup: signalGroupViaProcess,
  onHostExit: onProcessExit,
  writeTempFile,
};

/**
 * Spawns codex with `Bun.spawn`.
 *
 * @example
 * ```ts
 * const transport = new BunTransport();
 * const channel = await transport.open({ mode: "exec", options: { skipGitRepoCheck: true } });
 * ```
 */
export class BunTransport extends ProcessTransport {
  /**
   * Creates a Bun transport.
   * @param options Binary path, environment and limits.
   */
  constructor(options: BunTransportOptions = {}) {
    super(bunHost, options);
  }
}

/**
 * `Codex` for Bun: spawns the local codex binary through {@link BunTransport} unless a `transport` is given.
 *
 * @example
 * ```ts
 * import { Codex } from "@codexkit/sdk/bun";
 * const turn = await new Codex().startThread().run("Say hi");
 * ```
 */
export class Codex extends CoreCodex {
  /**
   * Creates the default transport for this runtime.
   * @param options Codex options; `maxLineBytes` applies to the default transport.
   * @returns A {@link BunTransport}.
   */
  protected override createDefaultTransport(options: CodexOptions): Transport {
    return new BunTransport(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {});
  }
}

/**
 * `AppServerClient` for Bun: `AppServerClient.connect()` starts `codex app-server` through {@link BunTransport} unless a
 * `transport` is given.
 *
 * @example
 * ```ts
 * import { AppServerClient } from "@codexkit/sdk/bun";
 * await using client = await AppServerClient.connect({ clientInfo: { name: "my_app" } });
 * const { data } = await client.listModels();
 * ```
 */
export class AppServerClient extends CoreAppServerClient {
  /**
   * Creates the default transport for this runtime.
   * @param options Client options; `maxLineBytes` applies to the default transport.
   * @returns A {@link BunTransport}.
   */
  static override createDefaultTransport(options: AppServerClientOptions): Transport {
    return new BunTransport(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {});
  }
}
