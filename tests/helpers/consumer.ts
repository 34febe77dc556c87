// A throwaway project that depends on this package the way users do (node_modules/@codexkit/sdk → this repository),
// so each runtime resolves the built npm entries with its own resolver and export conditions.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { runtime } from "./runtime.ts";

export interface Consumer {
  dir: string;
  /** Writes `source` to `file` in the project and runs it with the runtime running the tests; returns stdout. */
  run(file: string, source: string): string;
  dispose(): void;
}

export function createConsumer(root: string): Consumer {
  const dir = mkdtempSync(join(tmpdir(), "codexkit-consumer-"));
  mkdirSync(join(dir, "node_modules", "@codexkit"), { recursive: true });
  symlinkSync(root, join(dir, "node_modules", "@codexkit", "sdk"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, dependencies: { "@codexkit/sdk": "*" } }));
  return {
    dir,
    run(file, source) {
      writeFileSync(join(dir, file), source);
      // --no-code-cache: Deno's V8 code cache can serve a rebuilt dist/*.cjs from before the rebuild
      const args = runtime === "deno" ? ["run", "-A", "--no-code-cache", file] : [file];
      return execFileSync(process.execPath, args, { cwd: dir, encoding: "utf8" });
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
