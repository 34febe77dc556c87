// NodeTransport (child_process) against the conformance suite. It runs on every runtime: on Deno and Bun it goes
// through their Node compatibility, which users of `@codexkit/sdk/node` there rely on.
import { NodeTransport } from "@codexkit/sdk/node";
import { conformance } from "./suite.ts";
import { processSubject } from "./subjects.ts";

conformance(processSubject("NodeTransport", (options) => new NodeTransport(options)));
