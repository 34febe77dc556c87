/**
 * Which codex version each version-dependent option needs, and the comparison that decides it. Transports read a
 * binary's version once (`codex --version`) and refuse a launch the binary cannot run with a
 * {@link CodexVersionError} instead of letting codex fail on an unknown flag, or worse, hang.
 *
 * @module
 */
import { CodexVersionError } from "./errors.ts";
import type { LaunchSpec } from "./transport.ts";

/** Options (of a {@link LaunchSpec}) that need a codex newer than the oldest one tested, with that version. */
export const CODEX_FEATURE_VERSIONS: Readonly<Record<string, string>> = {
  remote: "0.171.0",
  remoteAuthTokenEnv: "0.171.0",
};

/**
 * Reads the version out of `codex --version` output.
 *
 * @param text The output, e.g. `"codex-cli 0.171.0"`.
 * @returns The version (`"0.171.0"`), or `null` when there is none.
 * @example
 * ```ts
 * parseCodexVersion("codex-cli 0.163.0\n"); // "0.163.0"
 * ```
 */
export function parseCodexVersion(text: string): string | null {
  return /(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/.exec(text)?.[1] ?? null;
}

/**
 * Compares two `major.minor.patch` versions (a pre-release suffix is ignored).
 *
 * @param a A version.
 * @param b Another version.
 * @returns A negative number when `a < b`, 0 when equal, positive when `a > b`.
 * @example
 * ```ts
 * compareCodexVersions("0.163.0", "0.171.0") < 0; // true
 * ```
 */
export function compareCodexVersions(a: string, b: string): number {
  const parts = (x: string) => x.split("-")[0]!.split(".").map((n) => Number.parseInt(n, 10) || 0);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * The version-dependent options a launch uses, each with the codex version it needs.
 *
 * @param spec What would run.
 * @returns `[option, version]` pairs; empty when any codex can run the spec.
 * @example
 * ```ts
 * requiredCodexVersions({ mode: "exec", options: { remote: "ws://127.0.0.1:4500" } }); // [["remote", "0.171.0"]]
 * ```
 */
export function requiredCodexVersions(spec: LaunchSpec): Array<[string, string]> {
  const options = spec.options as Record<string, unknown>;
  return Object.entries(CODEX_FEATURE_VERSIONS).filter(([option]) => options[option] !== undefined);
}

/**
 * Throws when the binary's version is older than an option of the spec needs.
 *
 * @param spec What would run.
 * @param version The binary's version; `null` (unknown) lets the launch go ahead.
 * @throws {CodexVersionError} Naming the first option the binary is too old for.
 * @example
 * ```ts
 * assertCodexVersion({ mode: "exec", options: { remote: "ws://127.0.0.1:4500" } }, "0.163.0"); // throws
 * ```
 */
export function assertCodexVersion(spec: LaunchSpec, version: string | null): void {
  if (version === null) return;
  for (const [option, needed] of requiredCodexVersions(spec)) {
    if (compareCodexVersions(version, needed) < 0) throw new CodexVersionError(option, needed, version);
  }
}
