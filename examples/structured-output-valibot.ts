// Structured output with a valibot schema: the SDK derives the JSON Schema for codex (`@valibot/to-json-schema`),
// then parses and validates the final response, so `turn.data` is typed by the schema. A response that is not JSON
// or does not match throws CodexOutputValidationError, with the raw text and the validation issues.
// Any Standard Schema with a JSON Schema works the same way; others take `{ schema, jsonSchema }`.
//
// Run:  npx tsx examples/structured-output-valibot.ts --mock                  offline (scripted model)
//       CODEX_API_KEY=sk-... npx tsx examples/structured-output-valibot.ts    live (OpenAI)
import * as v from "valibot";
import { Codex, isCodexOutputValidationError } from "@codexkit/sdk";
import { lastOutputLine, reply, runCommand } from "@codexkit/sdk/testing";
import { setupExample } from "./_shared/setup.js";

const TestReport = v.object({
  passed: v.pipe(v.number(), v.integer(), v.minValue(0)),
  failed: v.pipe(v.number(), v.integer(), v.minValue(0)),
  status: v.picklist(["green", "red"]),
  summary: v.string(),
});

// Offline: codex really runs the "test suite" (a shell one-liner); the scripted model reports its real result. The
// second turn shows the error path: a response that breaks the schema (a live model constrained by the schema
// would not do that, so that part only runs offline).
const setup = await setupExample([
  runCommand("sh run-tests.sh"),
  (request) => {
    const [passed = 0, failed = 0] = lastOutputLine(request).match(/\d+/g)?.map(Number) ?? [];
    return reply(
      JSON.stringify({ passed, failed, status: failed ? "red" : "green", summary: lastOutputLine(request) }),
    );
  },
  reply('{"passed": "many", "status": "blue"}'),
], { files: { "run-tests.sh": "echo '12 passed, 1 failed'\nexit 1\n" } });

try {
  const codex = new Codex(setup.codexOptions);
  const thread = codex.startThread({ workingDirectory: setup.workDir, skipGitRepoCheck: true });

  const turn = await thread.runJson("Run `sh run-tests.sh` and report the results.", { schema: TestReport });
  const report = turn.data; // typed: { passed: number; failed: number; status: "green" | "red"; summary: string }
  console.log(`status: ${report.status} — ${report.passed} passed, ${report.failed} failed`);
  console.log(`summary: ${report.summary}`);

  if (setup.mock) {
    try {
      await thread.runJson("Report again.", { schema: TestReport });
    } catch (err) {
      if (!isCodexOutputValidationError(err)) throw err;
      console.log(`\nrejected an invalid response: ${err.text}`);
      // issues are the schema library's own (valibot issues here), or a JSON syntax error message
      for (const issue of err.issues) {
        console.log(`  issue: ${(issue as { message?: string }).message ?? String(issue)}`);
      }
    }
  }
} finally {
  await setup.close();
}
