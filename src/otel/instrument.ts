/**
 * Turns telemetry on from the outside: `instrument(codex)` traces every turn of every thread the codex starts (and
 * its codex processes and app-server requests); `instrumentAppServer(client)` and `instrumentTransport(transport)`
 * do the same for a client or a transport used directly. Nothing happens on import, and nothing global is touched.
 *
 * @module
 */
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { streamTurn } from "../thread/streamed-turn.ts";
import type {
  AppServerClient,
  Channel,
  Codex,
  Input,
  LaunchSpec,
  OpenOptions,
  Thread,
  ThreadOptions,
  Transport,
} from "../mod.ts";
import {
  ATTR_PROCESS_EXECUTABLE_NAME,
  ATTR_PROCESS_EXIT_CODE,
  getTracer,
  safely,
  type TelemetryOptions,
} from "./tracer.ts";
import { traceTurn } from "./turn-spans.ts";

const INSTRUMENTED = Symbol.for("@codexkit/sdk.otel.instrumented");

type Marked = { [INSTRUMENTED]?: true };

function mark(target: object): boolean {
  if ((target as Marked)[INSTRUMENTED]) return false;
  Object.defineProperty(target, INSTRUMENTED, { value: true });
  return true;
}

function promptText(input: Input): string {
  return typeof input === "string" ? input : input.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n");
}

function instrumentThread(thread: Thread, model: string | undefined, options: TelemetryOptions): Thread {
  if (!mark(thread)) return thread;
  const runStreamed = thread.runStreamed.bind(thread);
  thread.runStreamed = async (input, turnOptions) => {
    const streamed = await runStreamed(input, turnOptions);
    const tracer = safely(() => getTracer(options));
    if (!tracer) return streamed;
    // the traced events feed a turn of their own, so `turn` settles as the caller reads the traced stream
    const traced = traceTurn(streamed.events, {
      tracer,
      recordContent: options.recordContent === true,
      threadId: thread.id,
      model,
      prompt: promptText(input),
    });
    return streamTurn(traced, () => thread.id);
  };
  return thread;
}

/**
 * Traces a transport: a span per codex process (`codex exec`, `codex app-server`) from start to exit, with its
 * exit code. An exec process is a child of the turn that started it; an app-server outlives turns and starts a
 * trace of its own.
 *
 * @param transport The transport.
 * @param options Tracer provider; with `recordContent` the span also carries the launch options.
 * @returns The same transport, instrumented.
 * @example
 * ```ts
 * const codex = new Codex({ transport: instrumentTransport(new NodeTransport(), { tracerProvider }) });
 * ```
 */
export function instrumentTransport<T extends Transport>(transport: T, options: TelemetryOptions = {}): T {
  if (!mark(transport)) return transport;
  const open = transport.open.bind(transport);
  transport.open = async (spec: LaunchSpec, openOptions?: OpenOptions): Promise<Channel> => {
    const span = safely(() =>
      getTracer(options).startSpan(`codex ${spec.mode}`, {
        kind: SpanKind.INTERNAL,
        attributes: {
          [ATTR_PROCESS_EXECUTABLE_NAME]: "codex",
          "codexkit.mode": spec.mode,
          ...(options.recordContent ? { "codexkit.launch_options": JSON.stringify(spec.options) } : {}),
        },
      }, spec.mode === "app-server" ? ROOT_CONTEXT : context.active())
    );
    let channel: Channel;
    try {
      channel = await open(spec, openOptions);
    } catch (err) {
      safely(() => {
        span?.setAttribute("error.type", (err as Error)?.name ?? "Error");
        span?.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
        span?.end();
      });
      throw err;
    }
    channel.exited.then((status) =>
      safely(() => {
        if (!span) return;
        if (status.exitCode !== null) span.setAttribute(ATTR_PROCESS_EXIT_CODE, status.exitCode);
        if (status.signal) span.setAttribute("codexkit.exit_signal", status.signal);
        if (status.exitCode !== 0) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      })
    );
    return channel;
  };
  return transport;
}

/**
 * Traces an app-server client: a CLIENT span per JSON-RPC request (`thread/start`, `turn/start`, …) with
 * `rpc.method` and, on failure, the JSON-RPC error code.
 *
 * @param client The connected client.
 * @param options Tracer provider.
 * @returns The same client, instrumented.
 * @example
 * ```ts
 * const client = instrumentAppServer(await AppServerClient.connect(), { tracerProvider });
 * ```
 */
export function instrumentAppServer<C extends AppServerClient>(client: C, options: TelemetryOptions = {}): C {
  if (!mark(client)) return client;
  const request = client.request.bind(client) as (method: string, ...args: unknown[]) => Promise<unknown>;
  (client as { request: unknown }).request = async (method: string, ...args: unknown[]) => {
    const span = safely(() =>
      getTracer(options).startSpan(method, {
        kind: SpanKind.CLIENT,
        attributes: { "rpc.system": "jsonrpc", "rpc.method": method, "server.address": "codex app-server" },
      }, context.active())
    );
    try {
      return await request(method, ...args);
    } catch (err) {
      safely(() => {
        const code = (err as { rpcCode?: unknown })?.rpcCode;
        if (typeof code === "number") span?.setAttribute("rpc.jsonrpc.error_code", code);
        span?.setAttribute("error.type", (err as Error)?.name ?? "Error");
        span?.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
      });
      throw err;
    } finally {
      safely(() => span?.end());
    }
  };
  return client;
}

/**
 * Traces a codex: every turn of the threads it starts or resumes becomes an `invoke_agent codex` span with
 * `execute_tool` children (GenAI semantic conventions), and — when the codex makes its own transport — each codex
 * process becomes a span too; on the app-server backend, each JSON-RPC request does. Call it once, before starting
 * threads. Telemetry failures never fail a turn.
 *
 * @param codex The codex.
 * @param options Tracer provider (default: the global one) and `recordContent` (default false).
 * @returns The same codex, instrumented.
 * @example
 * ```ts
 * import { instrument } from "@codexkit/sdk/otel";
 * const codex = instrument(new Codex(), { tracerProvider });
 * await codex.startThread().run("Say hi"); // one invoke_agent span
 * ```
 */
export function instrument<C extends Codex>(codex: C, options: TelemetryOptions = {}): C {
  if (!mark(codex)) return codex;
  const start = codex.startThread.bind(codex);
  const resume = codex.resumeThread.bind(codex);
  const resumeLast = codex.resumeLastThread.bind(codex);
  const connect = codex.connectAppServer.bind(codex);
  codex.startThread = (o: ThreadOptions = {}) => instrumentThread(start(o), o.model, options);
  codex.resumeThread = (id: string, o: ThreadOptions = {}) => instrumentThread(resume(id, o), o.model, options);
  codex.resumeLastThread = (o: ThreadOptions = {}) => instrumentThread(resumeLast(o), o.model, options);
  codex.connectAppServer = async (o) => instrumentAppServer(await connect(o), options);
  const withDefault = codex as unknown as { createDefaultTransport(o: unknown): Transport };
  const createDefault = withDefault.createDefaultTransport.bind(codex);
  withDefault.createDefaultTransport = (o: unknown) => instrumentTransport(createDefault(o), options);
  return codex;
}
