/**
 * A mistake in a `codexkit run` command line: the command exits 2 with the message.
 *
 * @module
 */

/** A mistake in the command line: exit 2 with the message. */
export class RunUsageError extends Error {}
