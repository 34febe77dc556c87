// What every contender shares: the one codex binary (the same file for our SDK, the official SDK and the bare
// loop) and fresh temporary directories, so no contender inherits another's sessions.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The repository root (bench/ lives directly under it). */
export const ROOT: string = join(import.meta.dirname, "..", "..");

/** The codex binary of the pinned `@openai/codex` devDependency (musl build, so no glibc differences). */
export const CODEX_PATH: string = join(
  ROOT,
  "node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex",
);

/**
 * @returns The codex binary path.
 * @throws {Error} When the devDependency is not installed.
 */
export function codexPath(): string {
  if (!existsSync(CODEX_PATH)) throw new Error(`Cannot benchmark: no codex binary at ${CODEX_PATH} (run npm ci)`);
  return CODEX_PATH;
}

/** A temporary directory that removes itself. */
export interface TempDir extends AsyncDisposable {
  /** Its path. */
  path: string;
}

/**
 * @param prefix Directory name prefix.
 * @returns A fresh directory under the OS temp dir.
 */
export async function tempDir(prefix: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), `codexkit-bench-${prefix}-`));
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}
