// DenoTransport (Deno.Command) against the conformance suite. Deno only: vitest.config.ts includes this file when
// the tests run on Deno.
import { DenoTransport } from "@codexkit/sdk/deno";
import { conformance } from "./suite.ts";
import { processSubject } from "./subjects.ts";

conformance(processSubject("DenoTransport", (options) => new DenoTransport(options)));
