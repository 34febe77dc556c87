/**
 * Finds the codex binary on this machine, in order: an explicit path › `CODEX_PATH` › the `@openai/codex` npm
 * package's platform binary (resolved from this module, then from the working directory and the executable's
 * directory upwards, so bundled and `bun build --compile` apps still find a `node_modules` next to them) › `codex` on
 * `PATH`; and, when it came from the package, the package's bundled tools directory (`rg`), which the process
 * transports put first on codex's `PATH`. Uses only `node:` built-ins, which Deno and Bun provide too.
 *
 * @module
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join, resolve } from "node:path";
import process from "node:process";
import { codexBinaryLayout } from "../src/codex-binary.ts";
import { CodexNotFoundError } from "../src/errors.ts";

/** Inputs of {@link resolveCodexBinary}; all default to the current process. */
export interface ResolveCodexOptions {
  /** An explicit path (`codexPathOverride`). */
  override?: string;
  /** Environment to read `CODEX_PATH` and `PATH` from. */
  env?: Record<string, string | undefined>;
  /** Directories to search upwards for `node_modules`. */
  searchFrom?: string[];
  /** Platform and arch. */
  platform?: string;
  /** CPU architecture. */
  arch?: string;
}

/** The codex a process transport runs: its binary, and what to put first on its `PATH`. */
export interface CodexLocation {
  /** The absolute path of an executable codex. */
  path: string;
  /**
   * The bundled tools directory of the `@openai/codex` platform package the binary was found in, when it exists
   * (`vendor/<triple>/codex-path`, or `path` in the older layout); empty for a binary given explicitly, from
   * `CODEX_PATH` or from `PATH`, as `@openai/codex-sdk` prepends it only to the binary it resolved itself.
   */
  pathDirs: string[];
  /** Whether this is Windows (`PATH` conventions). */
  windows: boolean;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (process.platform !== "win32") accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function moduleUrl(): string | undefined {
  try {
    return import.meta.url;
  } catch {
    return undefined;
  }
}

/**
 * Resolves the codex binary.
 *
 * @param options Override, environment and search roots.
 * @returns The absolute path of an executable codex.
 * @throws {CodexNotFoundError} Listing every place tried and how to fix it.
 * @example
 * ```ts
 * const codexPath = resolveCodexBinary({ override: process.env.MY_CODEX });
 * ```
 */
export function resolveCodexBinary(options: ResolveCodexOptions = {}): string {
  return locateCodex(options).path;
}

/**
 * Resolves the codex binary as {@link resolveCodexBinary} does, with the tools directory of the package it came from.
 *
 * @param options Override, environment and search roots.
 * @returns The binary and the directories to put first on its `PATH`.
 * @throws {CodexNotFoundError} Listing every place tried and how to fix it.
 * @example
 * ```ts
 * const { path, pathDirs } = locateCodex(); // pathDirs: [".../vendor/x86_64-unknown-linux-musl/codex-path"]
 * ```
 */
export function locateCodex(options: ResolveCodexOptions = {}): CodexLocation {
  const env = options.env ?? process.env;
  const windows = (options.platform ?? process.platform) === "win32";
  const found = (path: string, pathDirs: string[] = []): CodexLocation => ({ path, pathDirs, windows });
  const tried: string[] = [];
  const check = (label: string, path: string): string | null => {
    if (isExecutable(path)) return resolve(path);
    tried.push(`${label}: ${path} (${existsSync(path) ? "not an executable file" : "not found"})`);
    return null;
  };

  if (options.override) {
    // An explicit path is a decision: do not silently fall back to another binary.
    const path = check("codexPathOverride", options.override);
    if (path) return found(path);
    throw new CodexNotFoundError(tried);
  }
  if (env.CODEX_PATH) {
    const path = check("CODEX_PATH", env.CODEX_PATH);
    if (path) return found(path);
  } else tried.push("CODEX_PATH: not set");

  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const layout = codexBinaryLayout(platform, arch);
  if (!layout) {
    tried.push(`@openai/codex: no binary is published for ${platform}-${arch}`);
  } else {
    const roots = new Set<string>();
    const url = moduleUrl();
    for (const [from, pkg] of [[url, layout.platformPackage], [url, "@openai/codex"]] as const) {
      if (!from) continue;
      try {
        const req = createRequire(from);
        const main = req.resolve(`${pkg}/package.json`);
        roots.add(dirname(main));
        if (pkg === "@openai/codex") {
          // pnpm keeps the platform package beside @openai/codex, not at the top level.
          roots.add(dirname(createRequire(main).resolve(`${layout.platformPackage}/package.json`)));
        }
      } catch {
        // not resolvable from here; the directory walk below may still find it
      }
    }
    const starts = options.searchFrom ?? [process.cwd(), dirname(process.execPath)];
    for (const start of starts) {
      for (let dir = resolve(start);; dir = dirname(dir)) {
        roots.add(join(dir, "node_modules", ...layout.platformPackage.split("/")));
        roots.add(join(dir, "node_modules", "@openai", "codex"));
        if (dirname(dir) === dir) break;
      }
    }
    for (const root of roots) {
      for (const [i, rel] of layout.relativePaths.entries()) {
        const path = join(root, rel);
        if (!isExecutable(path)) continue;
        const tools = join(root, layout.toolsDirs[i]!);
        return found(path, isDirectory(tools) ? [tools] : []);
      }
    }
    tried.push(`@openai/codex: no ${layout.platformPackage} binary in ${roots.size} node_modules locations`);
  }

  const exe = process.platform === "win32" ? "codex.exe" : "codex";
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const path = join(dir, exe);
    if (isExecutable(path)) return found(path);
  }
  tried.push(`PATH: no ${exe} in ${env.PATH ? "any PATH directory" : "PATH (unset)"}`);
  throw new CodexNotFoundError(tried);
}
