// Drop-in check, at the type level: every export of the official @openai/codex-sdk (read from its published
// dist/index.d.ts, so a new upstream export fails this test) must be importable from @codexkit/sdk under the same
// name, and the option shapes a migrating user passes must be accepted by ours. The file is generated and compiled
// in memory with the TypeScript compiler API (the official .d.ts needs skipLibCheck: it imports a devDependency).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
// ESM-only with no ./package.json export (and import.meta.resolve differs across runtimes): read it where npm puts it
const officialDts = join(root, "node_modules", "@openai", "codex-sdk", "dist", "index.d.ts");

/** The names in the official `export { … }` list, with whether each is type-only. */
function officialExports(): Array<{ name: string; typeOnly: boolean }> {
  const text = readFileSync(officialDts, "utf8");
  const list = [...text.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) => m[1]!.split(","));
  return list.map((s) => s.trim()).filter(Boolean).map((s) => ({
    name: s.replace(/^type\s+/, "").split(/\s+as\s+/).pop()!,
    typeOnly: s.startsWith("type "),
  }));
}

// The inputs a user writes against the official types; ours must accept each one as is.
const ACCEPTS = ["CodexOptions", "ThreadOptions", "Input", "UserInput", "ApprovalMode", "SandboxMode",
  "ModelReasoningEffort", "WebSearchMode", "CyberAccessProgram"];

function generated(names: Array<{ name: string; typeOnly: boolean }>): string {
  const imports = names.map((n) => (n.typeOnly ? `type ${n.name}` : n.name)).join(", ");
  const lines = [
    `import { ${imports} } from "@codexkit/sdk";`,
    `import type * as Official from "@openai/codex-sdk";`,
    ...names.map((n) => `export type Uses_${n.name} = ${n.typeOnly ? n.name : `typeof ${n.name}`};`),
    ...ACCEPTS.filter((a) => names.some((n) => n.name === a)).map((a) =>
      `export const accepts_${a} = (value: Official.${a}): ${a} => value;`
    ),
    // the official call sites, against our classes
    `export async function callSites(o: Official.CodexOptions, t: Official.ThreadOptions, i: Official.Input) {`,
    `  const codex = new Codex(o);`,
    `  const thread: Thread = codex.startThread(t);`,
    `  const again: Thread = codex.resumeThread("id", t);`,
    `  const id: string | null = thread.id;`,
    `  const turn: RunResult = await thread.run(i, { signal: new AbortController().signal, cyberAccessProgram: "standard" });`,
    `  const streamed: RunStreamedResult = await again.runStreamed(i, { outputSchema: { type: "object" } });`,
    `  for await (const event of streamed.events) if (event.type === "turn.failed") { const e: ThreadError = event.error; void e; }`,
    `  return [id, turn.finalResponse, turn.items, turn.usage] as const;`,
    `}`,
  ];
  return lines.join("\n");
}

describe("drop-in at the type level: @openai/codex-sdk exports", () => {
  it("lists a plausible export surface from the official .d.ts", () => {
    const names = officialExports().map((n) => n.name);
    expect(names).toContain("Codex");
    expect(names).toContain("ThreadEvent");
    expect(names.length).toBeGreaterThan(30);
  });

  it("compiles a file importing every official export from @codexkit/sdk, with the official inputs accepted", () => {
    const file = join(root, "tests", "parity", "__official_exports__.ts");
    const source = generated(officialExports());
    const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    })!;
    const options = { ...config.options, skipLibCheck: true, noEmit: true, isolatedDeclarations: false, declaration: false };
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, ...rest) =>
      name === file ? ts.createSourceFile(name, source, lang) : read(name, lang, ...rest);
    const exists = host.fileExists.bind(host);
    host.fileExists = (name) => name === file || exists(name);
    const program = ts.createProgram([file], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) =>
      `${d.file ? `${d.file.fileName.replace(root, "")}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : ""}${
        ts.flattenDiagnosticMessageText(d.messageText, "\n")
      }`
    );
    expect(diagnostics, source).toEqual([]);
  }, 180_000);
});
