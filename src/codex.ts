/**
 * The entry point: `new Codex(options)` then `startThread`, `resumeThread` or `resumeLastThread`. `Codex` is where
 * the two backends meet: it picks the thread backend (`backend: "exec"`, the default, or `"app-server"`) and the
 * transport, and hands both to every `Thread` it creates.
 *
 * @module
 */
import type { AppServerClient, AppServerClientOptions } from "./app-server/client.ts";
import { lazyAppServerBackend, loadAppServerHalf } from "./app-server/lazy-backend.ts";
import { CodexOptionsError, CodexTransportError } from "./errors.ts";
import { ExecThreadBackend } from "./exec/thread-backend.ts";
import {
  type CodexOptions,
  CodexOptionsSchema,
  type LaunchOptions,
  type ThreadOptions,
  ThreadOptionsSchema,
  validateOptions,
} from "./options.ts";
import type { TurnBackend } from "./thread/backend.ts";
import { Thread, type ThreadContext } from "./thread/thread.ts";
import type { Transport } from "./transport.ts";

/**
 * Drives the codex agent. Drop-in compatible with `@openai/codex-sdk`'s `Codex`.
 *
 * Imported from `@codexkit/sdk` on Node (or from `@codexkit/sdk/node`) it spawns the local codex binary; elsewhere
 * pass a `transport`.
 *
 * @example
 * ```ts
 * import { Codex } from "@codexkit/sdk";
 * const codex = new Codex();
 * const turn = await codex.startThread().run("Say hi");
 * console.log(turn.finalResponse);
 * ```
 */
export class Codex implements AsyncDisposable {
  readonly #options: CodexOptions;
  readonly #launch: LaunchOptions;
  #transport: Transport | null;
  readonly #backend: TurnBackend;
  readonly #context: ThreadContext;

  /**
   * Creates a Codex client.
   * @param options Binary, API, environment and config options.
   * @throws {CodexOptionsError} When an option is invalid; the error names it.
   */
  constructor(options: CodexOptions = {}) {
    validateOptions(CodexOptionsSchema, options);
    if (options.transport !== undefined && typeof options.transport?.open !== "function") {
      throw new CodexOptionsError("transport", "must have an open(spec) method");
    }
    this.#options = options;
    const { transport, strict: _strict, maxLineBytes: _max, backend, appServerPool, ...launch } = options;
    if (appServerPool !== undefined && backend !== "app-server") {
      throw new CodexOptionsError("appServerPool", 'needs backend: "app-server" (exec runs a process per turn anyway)');
    }
    this.#launch = launch;
    this.#transport = transport ?? null;
    // the backend switch: everything backend-specific hangs off this one choice
    this.#backend = backend === "app-server"
      ? lazyAppServerBackend(appServerPool ?? 1, () => this.#connectBackend())
      : new ExecThreadBackend({ transport: () => this.#transportOrDefault(), strict: options.strict ?? false });
    this.#context = {
      backend: this.#backend,
      launchOptions: this.#launch,
      readThreadUsage: async (threadId, launchOptions) => {
        const transport = this.#transportOrDefault();
        return transport.readThreadUsage ? await transport.readThreadUsage(threadId, launchOptions) : null;
      },
      findLatestThread: async (launchOptions) => {
        const transport = this.#transportOrDefault();
        return transport.findLatestThread ? await transport.findLatestThread(launchOptions) : null;
      },
    };
  }

  #transportOrDefault(): Transport {
    return (this.#transport ??= this.createDefaultTransport(this.#options));
  }

  /**
   * The transport used when none was passed. The core has none; runtime entry points (`@codexkit/sdk/node`, and
   * `@codexkit/sdk` under Node) override this.
   *
   * @param _options The Codex options.
   * @returns The transport.
   * @throws {CodexTransportError} Always, in the runtime-neutral core.
   */
  protected createDefaultTransport(_options: CodexOptions): Transport {
    throw new CodexTransportError(
      'Cannot run codex: no transport configured. Pass `transport` to new Codex(...), or import Codex from "@codexkit/sdk/node", "@codexkit/sdk/deno" or "@codexkit/sdk/bun"',
    );
  }

  // codex app-server 0.169 ignores CODEX_API_KEY (exec honours it): store the key the way `codex login` does.
  async #connectBackend(): Promise<AppServerClient> {
    const client = await this.connectAppServer();
    if (this.#options.apiKey) {
      try {
        await client.startLogin({ type: "apiKey", apiKey: this.#options.apiKey } as never);
      } catch (err) {
        await client.close();
        throw err;
      }
    }
    return client;
  }

  #threadOptions(options: ThreadOptions): ThreadOptions {
    validateOptions(ThreadOptionsSchema, options);
    if (options.approvals && this.#options.backend !== "app-server") {
      throw new CodexOptionsError("approvals", 'codex exec cannot ask for approvals; use new Codex({ backend: "app-server" })');
    }
    return options;
  }

  /**
   * Starts `codex app-server` with this Codex's transport and options (binary, env, config, CODEX_HOME) and returns a
   * connected {@link AppServerClient}.
   *
   * @param options Client options (client info, experimental API, approvals, …).
   * @returns The connected client; close it when done.
   * @throws {CodexTransportError} When codex cannot start, or the app-server part of the SDK cannot be loaded (a
   *   page that cannot fetch its chunk).
   * @example
   * ```ts
   * await using client = await new Codex().connectAppServer();
   * const { data } = await client.listModels();
   * ```
   */
  async connectAppServer(
    options: Omit<AppServerClientOptions, keyof CodexOptions> = {},
  ): Promise<AppServerClient> {
    const { strict: _strict, transport: _transport, backend: _backend, appServerPool: _pool, ...codexOptions } = this.#options;
    const transport = this.#transportOrDefault();
    // loaded on first use: exec-only programs (browser pages) never load the app-server client
    const { AppServerClient } = await loadAppServerHalf();
    return await AppServerClient.connect({ ...codexOptions, ...options, transport });
  }

  /**
   * Stops the app-server of the `"app-server"` backend (a no-op for exec mode, whose processes end with each turn).
   * A program using the app-server backend should close its Codex, or Node keeps running while the child lives.
   *
   * @returns When the app-server has exited.
   * @example
   * ```ts
   * const codex = new Codex({ backend: "app-server" });
   * try { await codex.startThread().run("hi"); } finally { await codex.close(); }
   * ```
   */
  async close(): Promise<void> {
    await this.#backend.close?.();
  }

  /** Closes the Codex (`await using codex = new Codex(...)`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Starts a new thread. Nothing runs until the first `run`.
   *
   * @param options Thread options (model, sandbox, working directory, …).
   * @returns The thread; its `id` is set by the first turn.
   * @throws {CodexOptionsError} When an option is invalid.
   * @example
   * ```ts
   * const thread = codex.startThread({ model: "gpt-5", sandboxMode: "read-only" });
   * ```
   */
  startThread(options: ThreadOptions = {}): Thread {
    return new Thread(this.#context, this.#threadOptions(options), { kind: "new" });
  }

  /**
   * Continues a thread by id (its history lives in `CODEX_HOME/sessions`).
   *
   * @param id The thread id from an earlier `thread.id`.
   * @param options Thread options for the next turns.
   * @returns The thread.
   * @throws {CodexOptionsError} When the id is empty or an option is invalid.
   * @example
   * ```ts
   * const thread = codex.resumeThread(savedId);
   * await thread.run("Continue");
   * ```
   */
  resumeThread(id: string, options: ThreadOptions = {}): Thread {
    if (typeof id !== "string" || id.trim() === "") throw new CodexOptionsError("id", "must be a non-empty thread id");
    return new Thread(this.#context, this.#threadOptions(options), { kind: "resume", id });
  }

  /**
   * Continues the most recently recorded session in `CODEX_HOME` (any working directory). When the transport can
   * read sessions (the Node, Deno and Bun transports can), the first turn finds that session the way codex does —
   * the rollout written last — sets `thread.id` before codex starts, and resumes it by id, on either backend;
   * otherwise (a remote or in-memory transport) codex picks it and `thread.id` is known once codex reports it.
   *
   * @param options Thread options for the next turns.
   * @returns The thread.
   * @throws {CodexOptionsError} When an option is invalid.
   * @example
   * ```ts
   * const turn = await codex.resumeLastThread().run("Where were we?");
   * ```
   */
  resumeLastThread(options: ThreadOptions = {}): Thread {
    return new Thread(this.#context, this.#threadOptions(options), { kind: "last" });
  }
}
