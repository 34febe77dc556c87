/**
 * The typed errors of the SDK. Every error extends {@link CodexError} and carries a stable `code`, so callers can
 * branch on `err.code` or on the duck-typed `isX()` guards (which keep working when two copies of the SDK, say one
 * from npm and one from JSR, coexist in one program). One file per family, under `errors/`; this module gathers
 * them, so every import of an error and its guard stays one import.
 *
 * @module
 */
export * from "./errors/codex-error.ts";
export * from "./errors/process-errors.ts";
export * from "./errors/stream-errors.ts";
export * from "./errors/turn-errors.ts";
export * from "./errors/options-error.ts";
export * from "./errors/guards.ts";
