/**
 * Deno: a {@link Transport} on `Deno.Command` (native, not Node's `child_process` compat), and `Codex` wired to it.
 * `import { Codex } from "@codexkit/sdk"` resolves here under Deno (the npm package's `deno` condition; the JSR
 * root entry picks it at run time), so no transport needs configuring.
 *
 * Each codex runs in its own process group (`detached: true`): abort or `kill()` sends SIGTERM to the group
 * (grandchildren included) with `Deno.kill(-pid)`, then SIGKILL after a grace period. Groups still alive when Deno
 * unloads are killed. Needs `--allow-run` (codex), `--allow-env`, and `--allow-read`/`--allow-write` for the
 * output-schema temp file and session rollouts.
 *
 * @example
 * ```ts
 * import { Codex, DenoTransport } from "@codexkit/sdk/deno";
 * const codex = new Codex({ transport: new DenoTransport({ killGraceMs: 500 }) });
 * ```
 *
 * @module
 */
import { Codex as CoreCodex } from "../src/codex.ts";
import { AppServerClient as CoreAppServerClient, type AppServerClientOptions } from "../src/app-server/client.ts";
import type { CodexOptions } from "../src/options.ts";
import type { Transport } from "../src/transport.ts";
import { denoApi as deno } from "./_deno-api.ts";
import { type ProcessHost, ProcessTransport, type ProcessTransportOptions } from "./_process.ts";

export * from "../src/mod.ts";
export { type CodexLocation, locateCodex, resolveCodexBinary, type ResolveCodexOptions } from "./_codex-binary.ts";

/** Options of {@link DenoTransport}. */
export interface DenoTransportOptions extends ProcessTransportOptions {}

const denoHost: ProcessHost = {
  runtime: "deno",
  env: () => deno().env.toObject(),
  // deno-lint-ignore require-await
  async spawn(cmd) {
    const child = new (deno().Command)(cmd.command, {
      args: cmd.args,
      env: cmd.env,
      clearEnv: true, // cmd.env is the complete environment
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      detached: true, // setsid: codex leads its own process group
    }).spawn();
    const stdin = child.stdin.getWriter();
    return {
      pid: child.pid,
      stdout: child.stdout,
      stderr: child.stderr,
      writeStdin: (bytes) => stdin.write(bytes),
      closeStdin: () => stdin.close(),
      // Deno reports a signal death as code 128+n alongside the signal; the Channel contract has `exitCode: null`.
      exit: child.status.then((s) => ({ exitCode: s.signal ? null : s.code, signal: s.signal ?? null })),
    };
  },
  signalGroup(pid, signal) {
    try {
      deno().kill(-pid, signal);
      return true;
    } catch {
      return false; // ESRCH: the whole group is gone
    }
  },
  onHostExit: (hook) => globalThis.addEventListener("unload", hook),
  async writeTempFile(name, contents) {
    const dir = await deno().makeTempDir({ prefix: "codexkit-" });
    const path = `${dir}/${name}`;
    if (typeof contents === "string") await deno().writeTextFile(path, contents, { mode: 0o600 });
    else await deno().writeFile(path, contents, { mode: 0o600 });
    return { path, cleanup: () => deno().remove(dir, { recursive: true }).catch(() => {}) };
  },
};

/**
 * Spawns codex with `Deno.Command`.
 *
 * @example
 * ```ts
 * const transport = new DenoTransport();
 * const channel = await transport.open({ mode: "exec", options: { skipGitRepoCheck: true } });
 * ```
 */
export class DenoTransport extends ProcessTransport {
  /**
   * Creates a Deno transport.
   * @param options Binary path, environment and limits.
   */
  constructor(options: DenoTransportOptions = {}) {
    super(denoHost, options);
  }
}

/**
 * `Codex` for Deno: spawns the local codex binary through {@link DenoTransport} unless a `transport` is given.
 *
 * @example
 * ```ts
 * import { Codex } from "@codexkit/sdk/deno";
 * const turn = await new Codex().startThread().run("Say hi");
 * ```
 */
export class Codex extends CoreCodex {
  /**
   * Creates the default transport for this runtime.
   * @param options Codex options; `maxLineBytes` applies to the default transport.
   * @returns A {@link DenoTransport}.
   */
  protected override createDefaultTransport(options: CodexOptions): Transport {
    return new DenoTransport(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {});
  }
}

/**
 * `AppServerClient` for Deno: `AppServerClient.connect()` starts `codex app-server` through {@link DenoTransport} unless a
 * `transport` is given.
 *
 * @example
 * ```ts
 * import { AppServerClient } from "@codexkit/sdk/deno";
 * await using client = await AppServerClient.connect({ clientInfo: { name: "my_app" } });
 * const { data } = await client.listModels();
 * ```
 */
export class AppServerClient extends CoreAppServerClient {
  /**
   * Creates the default transport for this runtime.
   * @param options Client options; `maxLineBytes` applies to the default transport.
   * @returns A {@link DenoTransport}.
   */
  static override createDefaultTransport(options: AppServerClientOptions): Transport {
    return new DenoTransport(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {});
  }
}
