// The codex binary the end-to-end suites run (CODEX_PATH selects an older one in the version matrix, see
// tests/helpers/run-runtimes.mjs) and its version, read once.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { codexBinaryLayout, compareCodexVersions, parseCodexVersion } from "@codexkit/sdk";
import { resolveCodexBinary } from "@codexkit/sdk/node";

/** Absolute path of the codex binary under test. */
export const codexPath: string = resolveCodexBinary();

/** Its version, e.g. "0.171.0". */
export const codexVersion: string = parseCodexVersion(execFileSync(codexPath, ["--version"], { encoding: "utf8" })) ??
  "0.0.0";

/** Whether the codex under test is at least `version`. */
export const codexAtLeast = (version: string): boolean => compareCodexVersions(codexVersion, version) >= 0;

/** The oldest codex of the version matrix (.ci/codex-0.163, installed by .ci/run), when installed. */
export const oldestMatrixCodex: string | null = (() => {
  const layout = codexBinaryLayout(process.platform, process.arch);
  const root = fileURLToPath(new URL("../../.ci/codex-0.163/node_modules/", import.meta.url));
  const candidates = (layout?.relativePaths ?? []).map((rel) => join(root, ...layout!.platformPackage.split("/"), rel));
  return candidates.find((path) => existsSync(path)) ?? null;
})();
