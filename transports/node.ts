/**
 * Node.js: a {@link Transport} on `child_process`, and `Codex` wired to it. `import { Codex } from "@codexkit/sdk"`
 * resolves here under Node, so no transport needs configuring.
 *
 * Each codex runs in its own process group: abort or `kill()` sends SIGTERM to the group (grandchildren included),
 * then SIGKILL after a grace period. Groups still alive when Node exits are killed.
 *
 * @example
 * ```ts
 * import { Codex, NodeTransport } from "@codexkit/sdk/node";
 * const codex = new Codex({ transport: new NodeTransport({ killGraceMs: 500 }) });
 * ```
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import process from "node:process";
import { Readable } from "node:stream";
import { CodexTransportError } from "../src/errors.ts";
import { Codex as CoreCodex } from "../src/codex.ts";
import { AppServerClient as CoreAppServerClient, type AppServerClientOptions } from "../src/app-server/client.ts";
import type { CodexOptions } from "../src/options.ts";
import type { Transport } from "../src/transport.ts";
import {
  type ProcessExit,
  type ProcessHost,
  ProcessTransport,
  type ProcessTransportOptions,
  type SpawnedProcess,
} from "./_process.ts";
import { onProcessExit, signalGroupViaProcess } from "./_process-group.ts";
import { writeTempFile } from "./_temp-file.ts";

export * from "../src/mod.ts";
export { type CodexLocation, locateCodex, resolveCodexBinary, type ResolveCodexOptions } from "./_codex-binary.ts";

/** Options of {@link NodeTransport}. */
export interface NodeTransportOptions extends ProcessTransportOptions {}

function waitForSpawn(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
}

function stdinOf(child: ChildProcess): Pick<SpawnedProcess, "writeStdin" | "closeStdin"> {
  const stdin = child.stdin!;
  stdin.on("error", () => {}); // EPIPE when codex exits first; the exit status reports why
  // A pipe torn down by the child's exit may never call a write's callback: one `close` listener settles every
  // pending write (a listener per write would pile up — Node warns past 10 — on a busy app-server's stdin).
  const pending = new Set<(err: Error) => void>();
  stdin.once("close", () => {
    for (const fail of pending) fail(new CodexTransportError("Cannot write: codex closed its stdin"));
    pending.clear();
  });
  return {
    writeStdin: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (stdin.destroyed || stdin.writableEnded) {
          reject(new CodexTransportError("Cannot write: codex's stdin is closed"));
          return;
        }
        pending.add(reject);
        stdin.write(bytes, (err) => {
          pending.delete(reject);
          if (err) reject(err);
          else resolve();
        });
      }),
    closeStdin: () =>
      new Promise<void>((resolve) => {
        if (stdin.destroyed || stdin.writableFinished) return resolve();
        stdin.once("close", () => resolve());
        stdin.end(() => resolve());
      }),
  };
}

/** `child_process` with `detached: true` (setsid: a new session and process group per codex). */
const nodeHost: ProcessHost = {
  runtime: "node",
  env: () => process.env,
  async spawn(cmd) {
    const child = spawn(cmd.command, cmd.args, { env: cmd.env, stdio: ["pipe", "pipe", "pipe"], detached: true });
    const exit = new Promise<ProcessExit>((resolve) => {
      child.once("exit", (exitCode, signal) => resolve({ exitCode, signal }));
    });
    await waitForSpawn(child);
    return {
      pid: child.pid!,
      stdout: Readable.toWeb(child.stdout!) as ReadableStream<Uint8Array>,
      stderr: Readable.toWeb(child.stderr!) as ReadableStream<Uint8Array>,
      ...stdinOf(child),
      exit,
    };
  },
  signalGroup: signalGroupViaProcess,
  onHostExit: onProcessExit,
  writeTempFile,
};

/**
 * Spawns codex with `child_process`.
 *
 * @example
 * ```ts
 * const transport = new NodeTransport();
 * const channel = await transport.open({ mode: "exec", options: { skipGitRepoCheck: true } });
 * ```
 */
export class NodeTransport extends ProcessTransport {
  /**
   * Creates a Node.js transport.
   * @param options Binary path, environment and limits.
   */
  constructor(options: NodeTransportOptions = {}) {
    super(nodeHost, options);
  }
}

/**
 * `Codex` for Node: spawns the local codex binary through {@link NodeTransport} unless a `transport` is given.
 *
 * @example
 * ```ts
 * import { Codex } from "@codexkit/sdk/node";
 * const turn = await new Codex().startThread().run("Say hi");
 * ```
 */
export class Codex extends CoreCodex {
  /**
   * Creates the default transport for this runtime.
   * @param options Codex options; `maxLineBytes` applies to the default transport.
   * @returns A {@link NodeTransport}.
   */
  protected override createDefaultTransport(options: CodexOptions): Transport {
    return new NodeTransport(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {});
  }
}

/**
 * `AppServerClient` for Node: `AppServerClient.connect()` starts `codex app-server` through {@link NodeTransport} unless a
 * `transport` is given.
 *
 * @example
 * ```ts
 * import { AppServerClient } from "@codexkit/sdk/node";
 * await using client = await AppServerClient.connect({ clientInfo: { name: "my_app" } });
 * const { data } = await client.listModels();
 * ```
 */
export class AppServerClient extends CoreAppServerClient {
  /**
   * Creates the default transport for this runtime.
   * @param options Client options; `maxLineBytes` applies to the default transport.
   * @returns A {@link NodeTransport}.
   */
  static override createDefaultTransport(options: AppServerClientOptions): Transport {
    return new NodeTransport(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {});
  }
}
