// Extracts the TypeScript snippets of a Markdown file and type-checks them as a user's program would: each snippet is
// its own module in a consumer project (strict, NodeNext, @types/node) that imports the built package through
// node_modules, the way `npm install @codexkit/sdk` lays it out.
//
// A snippet compiles as written. One that continues an earlier one (uses its `thread`, say) declares what it relies
// on in an HTML comment right above its fence, which readers do not see and the check prepends:
//
//   <!-- snippet-setup: import { Codex } from "@codexkit/sdk"; const thread = new Codex().startThread(); -->
//   ```ts
//   const turn = await thread.run("Hi");
//   ```
//
// There is no way to skip a snippet: a partial one says what it assumes, and the rest must compile.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { promisify } from "node:util";

export interface Snippet {
  /** Where it comes from (a file name). */
  source: string;
  /** 1-based line of the first code line in the Markdown file. */
  line: number;
  /** The code as readers see it. */
  code: string;
  /** Hidden set-up from a `<!-- snippet-setup: … -->` comment, or "". */
  setup: string;
}

const FENCE = /^```(\w*)[^\n]*$/;
const SETUP = /<!--\s*snippet-setup:([\s\S]*?)-->\s*$/;

/** Every ```ts / ```typescript block of `markdown`, with its hidden set-up. */
export function extractSnippets(markdown: string, source: string): Snippet[] {
  const lines = markdown.split("\n");
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith("```"));
    if (end === -1) break;
    if (open[1] === "ts" || open[1] === "typescript") {
      // the set-up comment: the text right above the fence, back to the blank line before it
      let start = i;
      while (start > 0 && lines[start - 1]!.trim() !== "") start--;
      const above = lines.slice(start, i).join("\n");
      snippets.push({ source, line: i + 2, code: lines.slice(i + 1, end).join("\n"), setup: SETUP.exec(above)?.[1]?.trim() ?? "" });
    }
    i = end;
  }
  return snippets;
}

/** A project that resolves `@codexkit/sdk` to this repository and every other package to its node_modules. */
function consumerProject(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), "codexkit-snippets-"));
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "@codexkit"), { recursive: true });
  symlinkSync(root, join(modules, "@codexkit", "sdk"), "dir");
  for (const name of readdirSync(join(root, "node_modules"))) {
    if (name === "@codexkit" || name.startsWith(".")) continue;
    symlinkSync(join(root, "node_modules", name), join(modules, name), "dir");
  }
  return dir;
}

/** A type error, mapped back to the Markdown file. */
export interface SnippetError {
  /** The snippet's source ("" when tsc's message names no snippet). */
  source: string;
  /** The Markdown line of the error. */
  line: number;
  /** tsc's message. */
  message: string;
}

/**
 * Type-checks snippets with tsc in one consumer project; returns the errors, mapped to Markdown lines.
 *
 * @param root The repository (its `dist/` is what the snippets import).
 * @param snippets The snippets.
 */
export async function checkSnippets(root: string, snippets: Snippet[]): Promise<SnippetError[]> {
  const dir = consumerProject(root);
  try {
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          types: ["node"],
          skipLibCheck: false,
          noEmit: true,
        },
        include: ["*.mts"],
      }),
    );
    const offsets = new Map<string, { snippet: Snippet; hidden: number }>();
    snippets.forEach((snippet, i) => {
      const file = `snippet-${String(i).padStart(3, "0")}.mts`;
      // `export {}`: every snippet is a module, so top-level await works and names do not clash across snippets
      const head = `${snippet.setup}\nexport {};\n`;
      writeFileSync(join(dir, file), head + snippet.code + "\n");
      offsets.set(file, { snippet, hidden: head.split("\n").length - 1 });
    });
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const output = await promisify(execFile)(process.execPath, [tsc, "-p", dir, "--pretty", "false"], {
      cwd: dir,
      encoding: "utf8",
    }).then(() => "", (err: { stdout?: string }) => err.stdout || String(err));
    const errors: SnippetError[] = [];
    for (const raw of output.split("\n").filter(Boolean)) {
      const m = /^(snippet-\d+\.mts)\((\d+),\d+\): (.*)$/.exec(raw);
      const at = m ? offsets.get(m[1]!) : undefined;
      if (!m || !at) {
        if (/error TS/.test(raw) || errors.length === 0) errors.push({ source: "", line: 0, message: raw });
        else errors.at(-1)!.message += `\n${raw}`; // continuation lines of the previous error
        continue;
      }
      const inSnippet = Number(m[2]) - at.hidden;
      errors.push({
        source: at.snippet.source,
        line: inSnippet >= 1 ? at.snippet.line + inSnippet - 1 : at.snippet.line - 1,
        message: `${inSnippet >= 1 ? "" : "(in its snippet-setup) "}${m[3]}`,
      });
    }
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
