// The layout says what the code does (ARCHITECTURE.md): the thread vocabulary knows no backend, the two backends
// are peers that know each other not, and the protocol layers below them know nothing above. Each rule is checked
// on the import statements of every file under src/.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const src = join(root, "src");

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : []
  );
}

// Every relative import (static, `export … from`, type-only and dynamic), as "folder/file.ts" under src/.
function importsOf(file: string): string[] {
  const code = readFileSync(file, "utf8");
  const specifiers = [...code.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
  return specifiers.map((s) => relative(src, resolve(dirname(file), s)));
}

const folderOf = (path: string) => (path.includes("/") ? path.split("/")[0]! : "(root)");

// folder → folders under src/ it must never import from
const FORBIDDEN: Record<string, string[]> = {
  thread: ["exec", "app-server", "jsonrpc", "host", "relay", "ai", "otel", "testing"],
  exec: ["app-server", "jsonrpc", "host", "relay", "ai", "otel", "testing"],
  "app-server": ["exec", "host", "relay", "ai", "otel", "testing"],
  jsonrpc: ["thread", "exec", "app-server", "host", "relay", "ai", "otel", "testing"],
  gen: ["thread", "exec", "app-server", "jsonrpc", "host", "relay", "ai", "otel", "testing"],
};

describe("layout", () => {
  const files = walk(src).map((f) => ({ file: relative(src, f), imports: importsOf(f) }));

  it("finds the imports it checks", () => {
    const thread = files.find((f) => f.file === "thread/thread.ts");
    expect(thread?.imports).toContain("thread/backend.ts");
  });

  for (const [folder, forbidden] of Object.entries(FORBIDDEN)) {
    it(`src/${folder}/ imports nothing from ${forbidden.map((f) => `${f}/`).join(", ")}`, () => {
      const offenders = files
        .filter((f) => folderOf(f.file) === folder)
        .flatMap((f) => f.imports.filter((i) => forbidden.includes(folderOf(i))).map((i) => `${f.file} → ${i}`));
      expect(offenders).toEqual([]);
    });
  }

  it("keeps root-level seams (transport, options, errors, framing) free of imports from any backend", () => {
    const offenders = files
      .filter((f) => folderOf(f.file) === "(root)" && !["mod.ts", "core.ts", "codex.ts"].includes(f.file))
      .flatMap((f) => f.imports.filter((i) => ["exec", "app-server"].includes(folderOf(i))).map((i) => `${f.file} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it("picks the backend in one place: only codex.ts imports both backends", () => {
    const both = files
      .filter((f) => f.imports.some((i) => folderOf(i) === "exec") && f.imports.some((i) => folderOf(i) === "app-server"))
      .map((f) => f.file)
      .sort();
    expect(both).toEqual(["codex.ts"]);
  });
});
