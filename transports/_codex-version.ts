/**
 * Reads a codex binary's version (`codex --version`) once per binary and process, through the runtime's own spawn,
 * and refuses launches that binary is too old for.
 *
 * @module
 */
import { assertCodexVersion, parseCodexVersion, requiredCodexVersions } from "../src/codex-version.ts";
import type { LaunchSpec } from "../src/transport.ts";
import type { ProcessHost } from "./_process.ts";

const versions = new Map<string, Promise<string | null>>();

async function readVersion(host: ProcessHost, codexPath: string): Promise<string | null> {
  try {
    const child = await host.spawn({ command: codexPath, args: ["--version"], env: envOf(host) });
    await child.closeStdin();
    void new Response(child.stderr).arrayBuffer().catch(() => {});
    const [text] = await Promise.all([new Response(child.stdout).text(), child.exit]);
    return parseCodexVersion(text);
  } catch {
    return null; // unknown: let codex itself decide
  }
}

function envOf(host: ProcessHost): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(host.env())) if (v !== undefined) env[k] = v;
  return env;
}

/**
 * The version of a codex binary, read once per path (`codex --version`) and cached.
 *
 * @param host The runtime's process primitives.
 * @param codexPath The binary.
 * @returns Its version, or `null` when it cannot be read.
 */
export function codexVersionOf(host: ProcessHost, codexPath: string): Promise<string | null> {
  let pending = versions.get(codexPath);
  if (!pending) {
    pending = readVersion(host, codexPath);
    versions.set(codexPath, pending);
  }
  return pending;
}

/**
 * Refuses a launch that uses an option the binary is too old for. Reads the version only when the spec uses a
 * version-dependent option, so ordinary launches cost nothing.
 *
 * @param host The runtime's process primitives.
 * @param codexPath The binary that would run.
 * @param spec What would run.
 * @throws {CodexVersionError} When the binary is too old.
 */
export async function assertCodexSupports(host: ProcessHost, codexPath: string, spec: LaunchSpec): Promise<void> {
  if (requiredCodexVersions(spec).length === 0) return;
  assertCodexVersion(spec, await codexVersionOf(host, codexPath));
}
