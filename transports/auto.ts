/**
 * @codexkit/sdk on JSR: the runtime-neutral core, plus a `Codex` that runs the local codex binary through the
 * native process API of whatever runtime it is on: `Deno.Command` on Deno, `Bun.spawn` on Bun, `child_process` on
 * Node. JSR has no export conditions, so the choice is made at run time, the first time codex is opened, and only
 * that runtime's transport module is loaded. (The npm package makes the same choice with `deno`, `bun` and `node`
 * export conditions.) Elsewhere — browsers, edge functions — pass a `transport`.
 *
 * @example
 * ```ts
 * import { Codex } from "@codexkit/sdk";
 *
 * const codex = new Codex();
 * const thread = codex.startThread({ skipGitRepoCheck: true });
 * const turn = await thread.run("List the files in this directory");
 * console.log(turn.finalResponse);
 * ```
 *
 * @module
 */
import { CodexTransportError } from "../src/errors.ts";
import type { Usage } from "../src/thread/events.ts";
import { Codex as CoreCodex } from "../src/codex.ts";
import { AppServerClient as CoreAppServerClient, type AppServerClientOptions } from "../src/app-server/client.ts";
import type { CodexOptions, LaunchOptions } from "../src/options.ts";
import type { Channel, LaunchSpec, OpenOptions, Transport } from "../src/transport.ts";
import type { ProcessTransportOptions } from "./_process.ts";

export * from "../src/mod.ts";

/** Options of {@link NativeTransport}: those of the Node, Deno and Bun transports. */
export interface NativeTransportOptions extends ProcessTransportOptions {}

/**
 * Delegates to the native process transport of the current runtime, loaded on first use.
 *
 * @example
 * ```ts
 * const transport = new NativeTransport({ killGraceMs: 500 });
 * const channel = await transport.open({ mode: "exec", options: {} });
 * ```
 */
export class NativeTransport implements Transport {
  readonly #options: NativeTransportOptions;
  #native: Promise<Transport> | undefined;

  /**
   * Creates a transport for the current runtime.
   * @param options Binary path, environment and limits, passed to the native transport.
   */
  constructor(options: NativeTransportOptions = {}) {
    this.#options = options;
  }

  /**
   * The runtime's own transport (`DenoTransport`, `BunTransport` or `NodeTransport`).
   *
   * @returns The transport, loaded once.
   * @throws {CodexTransportError} When the runtime has no local process API.
   */
  native(): Promise<Transport> {
    return (this.#native ??= loadNative(this.#options));
  }

  /**
   * Starts codex through the native transport.
   *
   * @param spec What to run.
   * @param options Cancellation.
   * @returns The channel.
   * @throws {CodexTransportError} When the runtime has no local process API or codex cannot start.
   */
  async open(spec: LaunchSpec, options?: OpenOptions): Promise<Channel> {
    return (await this.native()).open(spec, options);
  }

  /**
   * The thread's recorded token total, read by the native transport.
   *
   * @param threadId The thread id.
   * @param options Launch options (`codexHome`, `env`).
   * @returns The total, or `null` when unknown.
   */
  async readThreadUsage(threadId: string, options: LaunchOptions): Promise<Usage | null> {
    const native = await this.native();
    return native.readThreadUsage ? native.readThreadUsage(threadId, options) : null;
  }

  /**
   * The most recently updated recorded thread, found by the native transport.
   *
   * @param options Launch options (`codexHome`, `env`).
   * @returns Its id, or `null` when unknown.
   */
  async findLatestThread(options: LaunchOptions): Promise<string | null> {
    const native = await this.native();
    return native.findLatestThread ? native.findLatestThread(options) : null;
  }
}

async function loadNative(options: NativeTransportOptions): Promise<Transport> {
  const g = globalThis as { Deno?: unknown; Bun?: unknown; process?: { versions?: { node?: string } } };
  // Deno and Bun also define `process.versions.node`: ask for them first.
  if (g.Deno !== undefined) return new (await import("./deno.ts")).DenoTransport(options);
  if (g.Bun !== undefined) return new (await import("./bun.ts")).BunTransport(options);
  if (g.process?.versions?.node) return new (await import("./node.ts")).NodeTransport(options);
  throw new CodexTransportError(
    "Cannot run codex: this runtime cannot spawn processes. Pass `transport` to new Codex(...), e.g. a WebSocket transport to a codex host",
  );
}

/**
 * `Codex` that spawns the local codex binary with the current runtime's native API unless a `transport` is given.
 *
 * @example
 * ```ts
 * import { Codex } from "@codexkit/sdk";
 * const turn = await new Codex().startThread().run("Say hi");
 * ```
 */
export class Codex extends CoreCodex {
  /**
   * Creates the default transport for this runtime.
   * @param options Codex options; `maxLineBytes` applies to the default transport.
   * @returns A {@link NativeTransport}.
   */
  protected override createDefaultTransport(options: CodexOptions): Transport {
    return new NativeTransport(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {});
  }
}

/**
 * `AppServerClient` for the current runtime: `AppServerClient.connect()` starts `codex app-server` through {@link NativeTransport} unless a
 * `transport` is given.
 *
 * @example
 * ```ts
 * import { AppServerClient } from "@codexkit/sdk";
 * await using client = await AppServerClient.connect({ clientInfo: { name: "my_app" } });
 * const { data } = await client.listModels();
 * ```
 */
export class AppServerClient extends CoreAppServerClient {
  /**
   * Creates the default transport for this runtime.
   * @param options Client options; `maxLineBytes` applies to the default transport.
   * @returns A {@link NativeTransport}.
   */
  static override createDefaultTransport(options: AppServerClientOptions): Transport {
    return new NativeTransport(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {});
  }
}
