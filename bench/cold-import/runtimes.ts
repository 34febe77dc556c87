// The runtimes a cold import is measured on, and how to run a one-line module on each. Deno and Bun come from the
// `deno` and `bun` npm devDependencies; when one is missing its rows say "not installed" instead of failing.
import { existsSync } from "node:fs";
import { join } from "node:path";

/** A runtime that can evaluate a module given as text. */
export interface Runtime {
  /** Display name with version, e.g. "Deno 2.9.6". */
  name: string;
  /** The executable, or null when not installed. */
  bin: string | null;
  /** Arguments that evaluate `code` as an ES module. */
  evalArgs(code: string): string[];
}

/**
 * @param root The repository root.
 * @returns Node (this process's), Deno and Bun.
 */
export function runtimes(root: string): Runtime[] {
  const local = (name: string) => {
    const bin = join(root, "node_modules", ".bin", name);
    return existsSync(bin) ? bin : null;
  };
  return [
    { name: `Node ${process.versions.node}`, bin: process.execPath, evalArgs: (code) => ["--input-type=module", "-e", code] },
    { name: "Deno", bin: local("deno"), evalArgs: (code) => ["eval", code] },
    { name: "Bun", bin: local("bun"), evalArgs: (code) => ["-e", code] },
  ];
}
