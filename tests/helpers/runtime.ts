// Which runtime runs this test file, and that runtime's native process transport. The suites are the same on
// Node, Deno and Bun; only this file knows which transport class belongs to which runtime.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import type { NodeTransportOptions, Transport } from "@codexkit/sdk/node";

export type RuntimeName = "node" | "deno" | "bun";

const g = globalThis as { Deno?: unknown; Bun?: unknown };

/** The runtime executing the tests (Deno and Bun also define `process`, so test for them first). */
export const runtime: RuntimeName = g.Deno !== undefined ? "deno" : g.Bun !== undefined ? "bun" : "node";

/** The native transport class name this runtime's `@codexkit/sdk` entry must wire `Codex` to. */
export const nativeTransportName: string =
  { node: "NodeTransport", deno: "DenoTransport", bun: "BunTransport" }[runtime];

// codex runs the model's commands in a login shell (`bash -lc`), which sources the profile under $HOME. A developer
// profile must not decide whether a test passes: pyenv's init, for one, takes a lock file in every login shell, and a
// shell killed by an abort test while holding it leaves the lock behind, so every later login shell waits 60 s. The
// codex processes of the tests get an empty HOME of their own (CODEX_HOME is always set explicitly).
const shellHome = mkdtempSync(join(tmpdir(), "codexkit-shell-home-"));
process.on("exit", () => rmSync(shellHome, { recursive: true, force: true }));

// Tools a test starts with this environment (the examples run under tsx, Deno and Bun) keep their caches where they
// are, so an empty HOME costs no downloads.
const realHome = process.env.HOME ?? "";
const caches = realHome
  ? {
    XDG_CACHE_HOME: process.env.XDG_CACHE_HOME ?? join(realHome, ".cache"),
    DENO_DIR: process.env.DENO_DIR ?? join(realHome, ".cache", "deno"),
    BUN_INSTALL_CACHE_DIR: process.env.BUN_INSTALL_CACHE_DIR ?? join(realHome, ".bun", "install", "cache"),
    npm_config_cache: process.env.npm_config_cache ?? join(realHome, ".npm"),
  }
  : {};

/**
 * The environment test codex processes inherit: this process's, with an empty `HOME` for codex's login shells (and
 * the tool caches of the real one).
 */
export const codexEnv: Record<string, string | undefined> = { ...process.env, ...caches, HOME: shellHome };

/** A new instance of this runtime's native process transport; codex inherits {@link codexEnv} unless told otherwise. */
export async function nativeTransport(options: NodeTransportOptions = {}): Promise<Transport> {
  options = { baseEnv: codexEnv, ...options };
  switch (runtime) {
    case "deno":
      return new (await import("@codexkit/sdk/deno")).DenoTransport(options);
    case "bun":
      return new (await import("@codexkit/sdk/bun")).BunTransport(options);
    default:
      return new (await import("@codexkit/sdk/node")).NodeTransport(options);
  }
}
