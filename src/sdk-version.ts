/**
 * The SDK's own version: `clientInfo.version` of an app-server client by default, and the OpenTelemetry tracer's.
 *
 * @module
 */

/** The SDK's own version, reported as `clientInfo.version` by default. */
export const SDK_VERSION = "0.1.0";
