// Caller mistakes must fail at the edge, synchronously and naming the option, before any codex process starts;
// structured output must round-trip through JSON Schema and validation for every kind of schema accepted.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  Codex,
  type CodexOptions,
  CodexOutputValidationError,
  isCodexOptionsError,
  isCodexOutputValidationError,
  normalizeInput,
  parseStructuredOutput,
  resolveJsonSchema,
  type StandardSchemaV1,
  type ThreadOptions,
  usageDelta,
  ZERO_USAGE,
} from "@codexkit/sdk";
import { MemoryTransport } from "@codexkit/sdk/memory";

function optionOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isCodexOptionsError(err)) return err.option;
    throw err;
  }
  throw new Error("expected a CodexOptionsError");
}

const transport = new MemoryTransport(() => {});

describe("Codex options", () => {
  it.each([
    [{ baseUrl: "not a url" }, "baseUrl"],
    [{ config: { a: null } }, "config.a"],
    [{ config: { a: { b: Number.POSITIVE_INFINITY } } }, "config.a.b"],
    [{ transport: {} }, "transport"],
    [{ transport: { open: "yes" } }, "transport"],
    [{ configOverrides: ["no-equals-sign"] }, "configOverrides.0"],
    [{ env: { A: 1 } }, "env.A"],
    [{ maxLineBytes: 0 }, "maxLineBytes"],
    [{ codexHome: "" }, "codexHome"],
    [{ codexPathOverride: "" }, "codexPathOverride"],
    [{ strict: "yes" }, "strict"],
  ])("new Codex(%o) names %s", (options, option) => {
    expect(optionOf(() => new Codex(options as unknown as CodexOptions))).toBe(option);
  });

  it("accepts valid options", () => {
    expect(() =>
      new Codex({
        baseUrl: "http://127.0.0.1:1/v1",
        config: { a: { b: [1, "x", { c: true }] } },
        configOverrides: ["k=v"],
        env: { PATH: "/bin" },
        maxLineBytes: 1024,
        transport,
      })
    ).not.toThrow();
  });
});

describe("thread options", () => {
  const codex = new Codex({ transport });

  it.each([
    [{ sandboxMode: "nope" }, "sandboxMode"],
    [{ modelReasoningEffort: "very high!" }, "modelReasoningEffort"],
    [{ approvalPolicy: "sometimes" }, "approvalPolicy"],
    [{ webSearchMode: "always" }, "webSearchMode"],
    [{ model: "" }, "model"],
    [{ additionalDirectories: ["/a", ""] }, "additionalDirectories.1"],
    [{ featureOverrides: { "Bad-Name": true } }, "featureOverrides.Bad-Name"],
    [{ featureOverrides: { ok: "yes" } }, "featureOverrides.ok"],
    [{ skipGitRepoCheck: 1 }, "skipGitRepoCheck"],
  ])("startThread(%o) names %s", (options, option) => {
    expect(optionOf(() => codex.startThread(options as unknown as ThreadOptions))).toBe(option);
    expect(optionOf(() => codex.resumeLastThread(options as unknown as ThreadOptions))).toBe(option);
  });

  it("resumeThread needs a non-empty id and checks its options", () => {
    expect(optionOf(() => codex.resumeThread(""))).toBe("id");
    expect(optionOf(() => codex.resumeThread("   "))).toBe("id");
    expect(optionOf(() => codex.resumeThread("t", { sandboxMode: "x" as never }))).toBe("sandboxMode");
    expect(codex.resumeThread("thread-1").id).toBe("thread-1");
  });
});

describe("normalizeInput", () => {
  it("takes a string as the prompt", () => {
    expect(normalizeInput("hi")).toEqual({ prompt: "hi", images: [], parts: [{ type: "text", text: "hi" }] });
  });

  it("joins text parts with a blank line and collects image paths in order", () => {
    const parts = [
      { type: "text", text: "one" },
      { type: "local_image", path: "/a.png" },
      { type: "text", text: "two" },
      { type: "local_image", path: "b.jpg" },
    ] as const;
    expect(normalizeInput([...parts])).toEqual({ prompt: "one\n\ntwo", images: ["/a.png", "b.jpg"], parts });
    expect(normalizeInput([{ type: "local_image", path: "x.png" }]).prompt).toBe("");
  });

  it("normalises snake_case text_elements / byte_range to camelCase", () => {
    const input = [{
      type: "text",
      text: "@file please",
      text_elements: [
        { byte_range: { start: 0, end: 5 }, placeholder: "@file" },
        { byte_range: { start: 6, end: 12 }, placeholder: null },
      ],
    }];
    expect(normalizeInput(input as never).parts).toEqual([{
      type: "text",
      text: "@file please",
      textElements: [{ byteRange: { start: 0, end: 5 }, placeholder: "@file" }, { byteRange: { start: 6, end: 12 } }],
    }]);
    const camel = normalizeInput([{ type: "text", text: "x", textElements: [{ byteRange: { start: 0, end: 1 } }] }]);
    expect(camel.parts).toEqual([{ type: "text", text: "x", textElements: [{ byteRange: { start: 0, end: 1 } }] }]);
  });

  it("names the bad part", () => {
    expect(optionOf(() => normalizeInput([{ type: "text", text: "a" }, { type: "local_image", path: "" }]))).toBe(
      "input[1].path",
    );
    const noRange = [{ type: "text", text: "a", text_elements: [{ placeholder: "p" }] }];
    expect(optionOf(() => normalizeInput(noRange as never))).toBe("input[0].text_elements[0]");
    expect(optionOf(() => normalizeInput(42 as never))).toBe("input");
  });

  // The JSDoc promises the error names the bad part; a wrongly typed field inside a part fails every branch of
  // the string|array union in src/thread/input.ts (InputSchema), so valibot reports only "input".
  it("names the bad part when a field has the wrong type", () => {
    expect(optionOf(() => normalizeInput([{ type: "text", text: "a" }, { type: "text", text: 5 }] as never)))
      .toBe("input[1].text");
  });
});

describe("usageDelta / ZERO_USAGE", () => {
  const usage = (n: number) => ({
    input_tokens: n,
    cached_input_tokens: n / 2,
    cache_write_input_tokens: 1,
    output_tokens: n / 10,
    reasoning_output_tokens: 0,
  });

  it("subtracts the previous total field by field, never below zero", () => {
    expect(usageDelta({ ...usage(2400), extra: "kept" }, usage(1200))).toEqual({
      input_tokens: 1200,
      cached_input_tokens: 600,
      cache_write_input_tokens: 0,
      output_tokens: 120,
      reasoning_output_tokens: 0,
      extra: "kept",
    });
    expect(usageDelta(usage(100), usage(200)).input_tokens).toBe(0);
  });

  it("returns a copy of the current total for a first turn", () => {
    const current = usage(10);
    const delta = usageDelta(current, null);
    expect(delta).toEqual(current);
    expect(delta).not.toBe(current);
    expect(usageDelta(current, ZERO_USAGE)).toEqual(current);
  });

  it("ZERO_USAGE is all zeros and frozen", () => {
    const fields = ["input_tokens", "cached_input_tokens", "cache_write_input_tokens", "output_tokens"];
    expect(ZERO_USAGE).toEqual(Object.fromEntries([...fields, "reasoning_output_tokens"].map((f) => [f, 0])));
    expect(Object.isFrozen(ZERO_USAGE)).toBe(true);
  });
});

const number = { type: "number" };

function fakeSchema(options: { jsonSchema?: Record<string, unknown> } = {}): StandardSchemaV1<unknown, { n: number }> {
  return {
    "~standard": {
      version: 1,
      vendor: "fakelib",
      validate: async (value) =>
        typeof (value as { n?: unknown })?.n === "number"
          ? { value: value as { n: number } }
          : { issues: [{ message: "n must be a number", path: ["n"] }] },
      ...(options.jsonSchema
        ? { jsonSchema: { output: (o: { target: string }) => ({ ...options.jsonSchema, target: o.target }) } }
        : {}),
    },
  };
}

describe("resolveJsonSchema", () => {
  it("derives a closed JSON Schema from valibot, without $schema", () => {
    const schema = v.object({ ok: v.boolean(), tags: v.array(v.string()), inner: v.object({ n: v.number() }) });
    expect(resolveJsonSchema(schema)).toEqual({
        type: "object",
        properties: {
          ok: { type: "boolean" },
          tags: { type: "array", items: { type: "string" } },
          inner: { type: "object", properties: { n: number }, required: ["n"], additionalProperties: false },
        },
        required: ["ok", "tags", "inner"],
        additionalProperties: false,
      });
  });

  it("returns a plain JSON Schema unchanged", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    expect(resolveJsonSchema(schema)).toBe(schema);
    expect(schema).not.toHaveProperty("additionalProperties");
  });

  it("uses ~standard.jsonSchema (draft-07) of another library, closing objects", () => {
    const schema = fakeSchema({
      jsonSchema: { $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties: { n: number } },
    });
    expect(resolveJsonSchema(schema)).toEqual({
      type: "object",
      properties: { n: { type: "number" } },
      additionalProperties: false,
      target: "draft-07",
    });
  });

  it("refuses what it cannot turn into a JSON Schema", () => {
    expect(optionOf(() => resolveJsonSchema(fakeSchema()))).toBe("outputSchema");
    expect(() => resolveJsonSchema(fakeSchema())).toThrow(/fakelib/);
    expect(optionOf(() => resolveJsonSchema(v.date()))).toBe("outputSchema");
    expect(optionOf(() => resolveJsonSchema([] as never))).toBe("outputSchema");
    expect(optionOf(() => resolveJsonSchema("schema" as never))).toBe("outputSchema");
  });
});

describe("output schema of a turn (the valibot converter is imported on demand)", () => {
  it("sends the derived JSON Schema of a valibot schema to codex", async () => {
    const specs: unknown[] = [];
    const codex = new Codex({
      transport: new MemoryTransport((p) => {
        specs.push(p.spec.mode === "exec" ? p.spec.outputSchema : undefined);
        p.line({ type: "thread.started", thread_id: "t" });
        p.line({ type: "turn.completed", usage: { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0 } });
        p.exit(0);
      }),
    });
    await codex.startThread().run("x", { outputSchema: v.object({ ok: v.boolean() }) });
    expect(specs).toEqual([{ type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"], additionalProperties: false }]);
  });

  it("rejects a schema it cannot convert before anything starts", async () => {
    let started = 0;
    const codex = new Codex({ transport: new MemoryTransport(() => void started++) });
    for (const schema of [v.date(), fakeSchema(), [] as never]) {
      const err = await codex.startThread().runStreamed("x", { outputSchema: schema }).catch((e: unknown) => e);
      expect(isCodexOptionsError(err) && err.option).toBe("outputSchema");
    }
    expect(started).toBe(0);
  });
});

async function rejection(promise: Promise<unknown>): Promise<CodexOutputValidationError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  if (!isCodexOutputValidationError(err)) throw new Error(`expected CodexOutputValidationError, got ${err}`);
  return err;
}

describe("parseStructuredOutput", () => {
  it("returns the validated (transformed) value of a valibot schema", async () => {
    const schema = v.object({ name: v.pipe(v.string(), v.transform((s) => s.toUpperCase())) });
    expect(await parseStructuredOutput('{"name":"ada","dropped":1}', schema)).toEqual({ name: "ADA" });
  });

  it("reports schema mismatches with the issues and the raw text", async () => {
    const text = '{"ok":"yes"}';
    const err = await rejection(parseStructuredOutput(text, v.object({ ok: v.boolean() })));
    expect(err.text).toBe(text);
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ message: 'Invalid type: Expected boolean but received "yes"' });
    expect(err.message).toContain("Expected boolean");
  });

  it("reports a response that is not JSON", async () => {
    const err = await rejection(parseStructuredOutput("Sure! Here it is", v.object({})));
    expect(err.text).toBe("Sure! Here it is");
    expect(err.issues).toHaveLength(1);
    expect(typeof err.issues[0]).toBe("string");
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it("only parses for a plain JSON Schema, and validates through any Standard Schema", async () => {
    expect(await parseStructuredOutput('{"x":[1]}', { type: "string" })).toEqual({ x: [1] });
    expect(await parseStructuredOutput('{"n":3}', fakeSchema())).toEqual({ n: 3 });
    const err = await rejection(parseStructuredOutput('{"n":"3"}', fakeSchema()));
    expect(err.issues).toEqual([{ message: "n must be a number", path: ["n"] }]);
  });
});
