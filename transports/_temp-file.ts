/**
 * A private temporary file (in its own `mkdtemp` directory) with `node:` built-ins, which Node and Bun both
 * implement natively. Used for codex's `--output-schema` file.
 *
 * @module
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Writes a file into a new temporary directory.
 * @param name The file name inside the new directory.
 * @param text The contents (text or bytes).
 * @returns The file's path and a cleanup that removes its directory.
 */
export async function writeTempFile(
  name: string,
  text: string | Uint8Array,
): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "codexkit-"));
  const path = join(dir, name);
  await writeFile(path, text, { mode: 0o600 });
  return { path, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
