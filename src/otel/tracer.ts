/**
 * What every part of the OpenTelemetry instrumentation shares: its options, the tracer (the given provider's, else
 * the global one, which is a no-op until the application installs an SDK), and a guard that keeps telemetry
 * failures away from codex.
 *
 * @module
 */
import { type Tracer, type TracerProvider, trace } from "@opentelemetry/api";
import { SDK_VERSION } from "../mod.ts";

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
