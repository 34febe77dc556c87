// A throwaway project that depends on @codexkit/sdk the way an npm user does (node_modules/@codexkit/sdk → this
// repository), so every runtime resolves the package's export map to the built dist/ entry of its own condition
// (node, deno, bun) — not the repository's tsconfig paths or deno.json, which would load TypeScript sources.
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type TempDir, tempDir } from "../lib/codex-env.ts";

/**
 * @param root The repository root.
 * @returns The consumer project directory (removed on dispose).
 */
export async function consumerProject(root: string): Promise<TempDir> {
  const dir = await tempDir("consumer");
  await mkdir(join(dir.path, "node_modules", "@codexkit"), { recursive: true });
  await mkdir(join(dir.path, "node_modules", "@openai"), { recursive: true });
  await symlink(root, join(dir.path, "node_modules", "@codexkit", "sdk"));
  await symlink(join(root, "node_modules", "@openai", "codex-sdk"), join(dir.path, "node_modules", "@openai", "codex-sdk"));
  await writeFile(
    join(dir.path, "package.json"),
    JSON.stringify({ type: "module", dependencies: { "@codexkit/sdk": "*", "@openai/codex-sdk": "*" } }),
  );
  return dir;
}
