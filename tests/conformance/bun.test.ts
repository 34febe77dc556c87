// BunTransport (Bun.spawn) against the conformance suite. Bun only: vitest.config.ts includes this file when the
// tests run on Bun.
import { BunTransport } from "@codexkit/sdk/bun";
import { conformance } from "./suite.ts";
import { processSubject } from "./subjects.ts";

conformance(processSubject("BunTransport", (options) => new BunTransport(options)));
