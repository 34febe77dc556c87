/**
 * Where the `@openai/codex` npm package keeps its native binary and its bundled tools (`rg`), per platform. Pure
 * data; the runtime transports do the filesystem lookups.
 *
 * @module
 */

const TRIPLES: Record<string, string> = {
  "linux-x64": "x86_64-unknown-linux-musl",
  "linux-arm64": "aarch64-unknown-linux-musl",
  "android-x64": "x86_64-unknown-linux-musl",
  "android-arm64": "aarch64-unknown-linux-musl",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
  "win32-x64": "x86_64-pc-windows-msvc",
  "win32-arm64": "aarch64-pc-windows-msvc",
};

/** Where the codex binary lives inside the npm packages, for one platform. */
export interface CodexBinaryLayout {
  /** Rust target triple, e.g. `x86_64-unknown-linux-musl`. */
  triple: string;
  /** The platform package, e.g. `@openai/codex-linux-x64`. */
  platformPackage: string;
  /** Paths of the binary relative to a package root, newest layout first. */
  relativePaths: string[];
  /**
   * The directory of bundled tools (e.g. `rg`) that goes with each entry of `relativePaths`, same order:
   * `vendor/<triple>/codex-path` beside `bin/codex`, `vendor/<triple>/path` beside the older `codex/codex`. The
   * transports put it first on codex's `PATH` when they found codex there, as `@openai/codex-sdk` does.
   */
  toolsDirs: string[];
}

/**
 * Describes where codex ships its binary for a platform and architecture.
 * @param platform Node-style platform name (`linux`, `darwin`, `win32`).
 * @param arch Node-style CPU architecture (`x64`, `arm64`).
 * @returns The layout, or `null` when codex ships no binary for this platform.
 * @example
 * ```ts
 * codexBinaryLayout("linux", "x64")?.platformPackage; // "@openai/codex-linux-x64"
 * ```
 */
export function codexBinaryLayout(platform: string, arch: string): CodexBinaryLayout | null {
  const triple = TRIPLES[`${platform}-${arch}`];
  if (!triple) return null;
  const exe = platform === "win32" ? "codex.exe" : "codex";
  const pkgPlatform = platform === "android" ? "linux" : platform;
  return {
    triple,
    platformPackage: `@openai/codex-${pkgPlatform}-${arch}`,
    relativePaths: [`vendor/${triple}/bin/${exe}`, `vendor/${triple}/codex/${exe}`],
    toolsDirs: [`vendor/${triple}/codex-path`, `vendor/${triple}/path`],
  };
}
