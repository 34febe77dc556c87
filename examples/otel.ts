// OpenTelemetry: instrument(codex) traces each turn as an `invoke_agent codex` span with an `execute_tool` child per
// command (GenAI semantic conventions). Here spans go to an in-memory exporter and are printed as a tree; in an
// application, register your SDK (OTLP exporter, …) and call instrument(codex) without a tracerProvider.
//
// Run:  npx tsx examples/otel.ts --mock                  offline: real codex, scripted model on 127.0.0.1
//       CODEX_API_KEY=sk-... npx tsx examples/otel.ts    live: real codex talking to OpenAI
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { Codex } from "@codexkit/sdk";
import { instrument } from "@codexkit/sdk/otel";
import { reply, runCommand } from "@codexkit/sdk/testing";
import { setupExample } from "./_shared/setup.ts";

const setup = await setupExample([
  runCommand("wc -l data.csv"),
  reply("data.csv has 3 lines.", { usage: { input_tokens: 900, cached_input_tokens: 300, output_tokens: 20 } }),
], { files: { "data.csv": "a,b\n1,2\n3,4\n" } });

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

try {
  // recordContent: false (the default) keeps prompts, answers, commands and outputs out of the spans
  const codex = instrument(new Codex(setup.codexOptions), { tracerProvider, recordContent: false });
  const turn = await codex.startThread({ workingDirectory: setup.workDir, skipGitRepoCheck: true }).run(
    "How many lines has data.csv?",
  );
  console.log(`answer: ${turn.finalResponse}\n`);

  const spans = exporter.getFinishedSpans();
  const ms = (s: ReadableSpan) => Math.round(s.duration[0] * 1000 + s.duration[1] / 1e6);
  const show = (span: ReadableSpan, depth: number) => {
    const keys = [
      "gen_ai.conversation.id",
      "gen_ai.usage.input_tokens",
      "gen_ai.usage.output_tokens",
      "gen_ai.tool.name",
      "process.exit.code",
    ];
    const attrs = keys.filter((k) => span.attributes[k] !== undefined).map((k) => `${k}=${span.attributes[k]}`).join(
      " ",
    );
    console.log(`${"  ".repeat(depth)}${depth ? "└ " : ""}${span.name} (${ms(span)} ms) ${attrs}`);
    for (const child of spans.filter((s) => s.parentSpanContext?.spanId === span.spanContext().spanId)) {
      show(child, depth + 1);
    }
  };
  for (const root of spans.filter((s) => s.name.startsWith("invoke_agent"))) show(root, 0);
} finally {
  await setup.close();
}
