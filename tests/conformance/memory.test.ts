// The memory transport against the transport conformance suite (on every runtime).
import { conformance } from "./suite.ts";
import { memorySubject } from "./subjects.ts";

conformance(memorySubject());
