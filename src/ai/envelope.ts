/**
 * The JSON envelope through which codex calls the caller's AI SDK tools. Codex cannot call functions it does not
 * host, so while caller tools are on offer each turn runs with an output schema: codex answers
 * `{"tool_calls":[{"name","arguments"}],"final":"…"}`, the model turns `tool_calls` into AI SDK tool calls, and the
 * next call carries the results back into the same codex thread.
 *
 * @module
 */
import type { LanguageModelV3FunctionTool, LanguageModelV3ToolChoice } from "@ai-sdk/provider";

/** One tool call codex asked for in its envelope. */
export interface EnvelopeToolCall {
  /** The tool's name. */
  name: string;
  /** The input, as a JSON document. */
  arguments: string;
}

/** A parsed envelope. */
export interface Envelope {
  /** The tool calls, in order (empty for a final answer). */
  toolCalls: EnvelopeToolCall[];
  /** The answer text ("" while calling tools). */
  final: string;
  /** False when codex's message was not an envelope; `final` then holds the message as it was. */
  wellFormed: boolean;
}

/**
 * The output schema of an envelope turn. Every property is required and no others are allowed, so the schema
 * works with the strict structured outputs of the Responses API; `arguments` is a JSON string because tool input
 * schemas are arbitrary.
 *
 * @param tools The caller's function tools on offer this turn.
 * @param choice The caller's tool choice (`required` and a named tool demand at least one call).
 * @returns The JSON Schema.
 * @example
 * ```ts
 * const schema = envelopeSchema([{ type: "function", name: "weather", inputSchema: { type: "object" } }], { type: "auto" });
 * ```
 */
export function envelopeSchema(
  tools: LanguageModelV3FunctionTool[],
  choice: LanguageModelV3ToolChoice,
): Record<string, unknown> {
  const names = choice.type === "tool" ? [choice.toolName] : tools.map((t) => t.name);
  const mustCall = choice.type === "tool" || choice.type === "required";
  return {
    type: "object",
    properties: {
      tool_calls: {
        type: "array",
        ...(mustCall ? { minItems: 1 } : {}),
        items: {
          type: "object",
          properties: { name: { type: "string", enum: names }, arguments: { type: "string" } },
          required: ["name", "arguments"],
          additionalProperties: false,
        },
      },
      final: { type: "string" },
    },
    required: ["tool_calls", "final"],
    additionalProperties: false,
  };
}

/**
 * The instructions that go before the turn's prompt while caller tools are on offer: the tools with their input
 * schemas, and how to answer.
 *
 * @param tools The caller's function tools.
 * @param choice The caller's tool choice.
 * @param answerSchema The JSON Schema the final answer must match (from `responseFormat`), if any.
 * @returns The instruction text.
 * @example
 * ```ts
 * const text = envelopeInstructions(tools, { type: "auto" });
 * ```
 */
export function envelopeInstructions(
  tools: LanguageModelV3FunctionTool[],
  choice: LanguageModelV3ToolChoice,
  answerSchema?: unknown,
): string {
  const offered = choice.type === "tool" ? tools.filter((t) => t.name === choice.toolName) : tools;
  const lines = [
    "You can call the following tools. The caller runs them for you, outside your sandbox; they are not your own shell tools.",
  ];
  for (const tool of offered) {
    lines.push(`- ${tool.name}${tool.description ? `: ${tool.description}` : ""}`);
    lines.push(`  input JSON Schema: ${JSON.stringify(tool.inputSchema)}`);
  }
  lines.push(
    'Answer with a JSON object {"tool_calls": [...], "final": "..."}.',
    '- To call tools: put each call in tool_calls as {"name": "<tool name>", "arguments": "<the input as a JSON string>"} and leave final empty. The results come back to you in the next message.',
    "- To answer: leave tool_calls empty and put your answer in final.",
  );
  if (choice.type === "required") lines.push("You must call at least one tool now.");
  if (choice.type === "tool") lines.push(`You must call the tool ${choice.toolName} now.`);
  if (answerSchema !== undefined) {
    lines.push(
      `When you answer, final must be a JSON document matching this JSON Schema: ${JSON.stringify(answerSchema)}`,
    );
  }
  return lines.join("\n");
}

/**
 * Reads codex's envelope answer. Lenient: a message that is not an envelope becomes the final answer as it is, an
 * `arguments` object is re-encoded, and malformed calls are dropped.
 *
 * @param text The agent message.
 * @returns The tool calls and final text.
 * @example
 * ```ts
 * parseEnvelope('{"tool_calls":[{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}],"final":""}');
 * ```
 */
export function parseEnvelope(text: string): Envelope {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { toolCalls: [], final: text, wellFormed: false };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { toolCalls: [], final: text, wellFormed: false };
  }
  const { tool_calls: calls, final } = value as { tool_calls?: unknown; final?: unknown };
  const toolCalls: EnvelopeToolCall[] = [];
  for (const call of Array.isArray(calls) ? calls : []) {
    if (typeof call !== "object" || call === null) continue;
    const { name, arguments: args } = call as { name?: unknown; arguments?: unknown };
    if (typeof name !== "string" || name === "") continue;
    const encoded = typeof args === "string" ? (args.trim() === "" ? "{}" : args) : JSON.stringify(args ?? {});
    toolCalls.push({ name, arguments: encoded });
  }
  return {
    toolCalls,
    final: typeof final === "string" ? final : "",
    wellFormed: Array.isArray(calls) || typeof final === "string",
  };
}
