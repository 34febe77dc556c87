// What every contender shares: the one codex binary (the same file for our SDK, the official SDK and the bare
// loop) and fresh temporary directories, so no contender inherits another's sessions.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
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

/**
 * Gives every codex the benchmark starts (every contender's, and those of child processes, which inherit this
 * process's environment) an empty `HOME`, keeping the tool caches of the real one. codex starts login shells
 * (`bash -lc`) that source the profile under `$HOME`; a developer profile is not what is measured, and some cost
 * seconds: pyenv's init takes a lock in every login shell, and concurrent shells queue on it (this machine's
 * benchmarks once ran 3–10× slower with dozens of `pyenv rehash` processes waiting). The tests do the same
 * (tests/helpers/runtime.ts). Call it once, before any suite runs.
 */
export function useEmptyShellHome(): void {
  const realHome = process.env.HOME;
  const home = mkdtempSync(join(tmpdir(), "codexkit-bench-home-"));
  process.on("exit", () => rmSync(home, { recursive: true, force: true }));
  if (realHome) {
    process.env.XDG_CACHE_HOME ??= join(realHome, ".cache");
    process.env.npm_config_cache ??= join(realHome, ".npm");
    process.env.DENO_DIR ??= join(realHome, ".cache", "deno");
    process.env.BUN_INSTALL_CACHE_DIR ??= join(realHome, ".bun", "install", "cache");
  }
  process.env.HOME = home;
}
