// Callers branch on `code` and the isX() guards, which must keep working across two copies of the SDK (npm + JSR
// in one program), so the guards are duck-typed on a global symbol brand rather than on instanceof.
import { describe, expect, it } from "vitest";
import {
  CodexAbortError,
  CodexCLIError,
  CodexError,
  CodexLineTooLongError,
  CodexNotFoundError,
  CodexOptionsError,
  CodexOutputValidationError,
  CodexParseError,
  CodexStreamError,
  CodexTransportError,
  isCodexAbortError,
  isCodexCLIError,
  isCodexError,
  isCodexLineTooLongError,
  isCodexNotFoundError,
  isCodexOptionsError,
  isCodexOutputValidationError,
  isCodexParseError,
  isCodexStreamError,
  isCodexTransportError,
  isTurnFailedError,
  TurnFailedError,
} from "@codexkit/sdk";

const BRAND = Symbol.for("@codexkit/sdk.error");
const cause = new Error("root cause");

const GUARDS = {
  CODEX_CLI_ERROR: isCodexCLIError,
  CODEX_PARSE_ERROR: isCodexParseError,
  CODEX_ABORT_ERROR: isCodexAbortError,
  CODEX_TURN_FAILED: isTurnFailedError,
  CODEX_LINE_TOO_LONG: isCodexLineTooLongError,
  CODEX_OPTIONS_ERROR: isCodexOptionsError,
  CODEX_NOT_FOUND: isCodexNotFoundError,
  CODEX_TRANSPORT_ERROR: isCodexTransportError,
  CODEX_OUTPUT_VALIDATION_ERROR: isCodexOutputValidationError,
  CODEX_STREAM_ERROR: isCodexStreamError,
} as const;

interface Case {
  error: CodexError;
  code: string;
  name: string;
  message: string;
  fields: Record<string, unknown>;
  cause?: unknown;
}

const CASES: Case[] = [
  { error: new CodexError("base"), code: "CODEX_ERROR", name: "CodexError", message: "base", fields: {} },
  {
    error: new CodexCLIError("exited 2", { exitCode: 2, signal: null, stderrTail: "boom" }, { cause }),
    code: "CODEX_CLI_ERROR",
    name: "CodexCLIError",
    message: "exited 2",
    fields: { exitCode: 2, signal: null, stderrTail: "boom" },
    cause,
  },
  {
    error: new CodexParseError("bad", "{x", { cause }),
    code: "CODEX_PARSE_ERROR",
    name: "CodexParseError",
    message: "bad",
    fields: { line: "{x" },
    cause,
  },
  {
    error: new CodexAbortError(undefined, { cause: "user" }),
    code: "CODEX_ABORT_ERROR",
    name: "AbortError", // the web platform's and @openai/codex-sdk's name, which user code checks
    message: "Turn aborted: the signal was aborted",
    fields: {},
    cause: "user",
  },
  {
    error: new TurnFailedError("quota", "thread-1", { cause }),
    code: "CODEX_TURN_FAILED",
    name: "TurnFailedError",
    message: "quota",
    fields: { threadId: "thread-1" },
    cause,
  },
  {
    error: new CodexLineTooLongError(1024),
    code: "CODEX_LINE_TOO_LONG",
    name: "CodexLineTooLongError",
    message: "Cannot read line: it exceeds the maximum line size of 1024 bytes",
    fields: { maxLineBytes: 1024 },
  },
  {
    error: new CodexOptionsError("a.b", "must be a string"),
    code: "CODEX_OPTIONS_ERROR",
    name: "CodexOptionsError",
    message: "Invalid option a.b: must be a string",
    fields: { option: "a.b" },
  },
  {
    error: new CodexNotFoundError(["/x/codex: missing"]),
    code: "CODEX_NOT_FOUND",
    name: "CodexNotFoundError",
    message: "Cannot find the codex binary. Tried:\n  - /x/codex: missing\n" +
      "Fix: `npm install @openai/codex`, set CODEX_PATH, or pass `codexPathOverride`",
    fields: { tried: ["/x/codex: missing"] },
  },
  {
    error: new CodexTransportError("closed", { cause }),
    code: "CODEX_TRANSPORT_ERROR",
    name: "CodexTransportError",
    message: "closed",
    fields: {},
    cause,
  },
  {
    error: new CodexOutputValidationError("mismatch", "{}", [{ message: "m" }], { cause }),
    code: "CODEX_OUTPUT_VALIDATION_ERROR",
    name: "CodexOutputValidationError",
    message: "mismatch",
    fields: { text: "{}", issues: [{ message: "m" }] },
    cause,
  },
  {
    error: new CodexStreamError("no turn.completed", { cause }),
    code: "CODEX_STREAM_ERROR",
    name: "CodexStreamError",
    message: "no turn.completed",
    fields: {},
    cause,
  },
];

describe("error classes", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s has its code, name, message, fields and cause", (_, c) => {
    const { error } = c;
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(CodexError);
    expect(error.code).toBe(c.code);
    expect(error.name).toBe(c.name);
    expect(error.message).toBe(c.message);
    expect(error).toMatchObject(c.fields);
    if ("cause" in c) expect(error.cause).toBe(c.cause);
    else expect(Object.hasOwn(error, "cause")).toBe(false);
    expect(String(error)).toBe(`${c.name}: ${c.message}`);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s passes exactly its own guard", (_, c) => {
    expect(isCodexError(c.error)).toBe(true);
    for (const [code, guard] of Object.entries(GUARDS)) expect(guard(c.error), `${guard.name}`).toBe(code === c.code);
  });

  it("omits cause when none is given, even for classes that accept one", () => {
    const cli = new CodexCLIError("x", { exitCode: 1, signal: null, stderrTail: "" });
    for (const err of [new CodexTransportError("x"), cli]) {
      expect(Object.hasOwn(err, "cause")).toBe(false);
    }
    expect(new TurnFailedError("x").threadId).toBeNull();
  });

  it("keeps the brand out of enumeration and serialisation", () => {
    const err = new CodexOptionsError("x", "y");
    expect(Object.getOwnPropertyDescriptor(err, BRAND)).toMatchObject({ value: true, enumerable: false });
    expect(Object.getOwnPropertySymbols({ ...err })).not.toContain(BRAND); // spreading copies enumerable symbols
  });

  it("lists every tried place in CodexNotFoundError's message, in order", () => {
    const tried = ["override /opt/x: not executable", "CODEX_PATH: unset", "@openai/codex: not installed", "PATH: no"];
    const err = new CodexNotFoundError(tried);
    const listed = err.message.split("\n").filter((l) => l.startsWith("  - ")).map((l) => l.slice(4));
    expect(listed).toEqual(tried);
    expect(err.tried).toEqual(tried);
  });
});

describe("duck-typed guards", () => {
  it("accept an error from another copy of the SDK, identified by the global brand and code", () => {
    class ForeignParseError extends Error {
      readonly code = "CODEX_PARSE_ERROR";
      readonly line = "{x";
      constructor(message: string) {
        super(message);
        Object.defineProperty(this, BRAND, { value: true });
      }
    }
    const foreign = new ForeignParseError("bad line");
    expect(foreign).not.toBeInstanceOf(CodexError);
    expect(isCodexError(foreign)).toBe(true);
    expect(isCodexParseError(foreign)).toBe(true);
    expect(isCodexCLIError(foreign)).toBe(false);
  });

  it("accept a plain branded object for each code", () => {
    for (const [code, guard] of Object.entries(GUARDS)) {
      const copy = { [BRAND]: true, code, message: "from another copy" };
      expect(guard(copy), code).toBe(true);
      expect(isCodexError(copy)).toBe(true);
    }
  });

  it("reject look-alikes without the brand, or with a non-true brand", () => {
    const plain = Object.assign(new Error("same code"), { code: "CODEX_PARSE_ERROR" });
    expect(isCodexError(plain)).toBe(false);
    expect(isCodexParseError(plain)).toBe(false);
    expect(isCodexParseError({ [BRAND]: "true", code: "CODEX_PARSE_ERROR" })).toBe(false);
    expect(isCodexParseError({ [Symbol("@codexkit/sdk.error")]: true, code: "CODEX_PARSE_ERROR" })).toBe(false);
    expect(isCodexParseError({ [BRAND]: true, code: "CODEX_STREAM_ERROR" })).toBe(false);
  });

  it("reject non-objects", () => {
    for (const value of [null, undefined, "CODEX_PARSE_ERROR", 42, true]) {
      expect(isCodexError(value)).toBe(false);
      expect(isCodexParseError(value)).toBe(false);
    }
  });
});
