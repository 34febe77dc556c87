// Binary resolution order: override › CODEX_PATH › @openai/codex platform package › PATH, and an error that lists
// every place tried.
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codexBinaryLayout, isCodexNotFoundError, resolveCodexBinary } from "@codexkit/sdk/node";

let dir: string;
async function executable(path: string): Promise<string> {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, "#!/bin/sh\n");
  await chmod(path, 0o755);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "codexkit-bin-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("resolveCodexBinary", () => {
  it("maps platforms to the npm package layout", () => {
    expect(codexBinaryLayout("linux", "x64")).toEqual({
      triple: "x86_64-unknown-linux-musl",
      platformPackage: "@openai/codex-linux-x64",
      relativePaths: ["vendor/x86_64-unknown-linux-musl/bin/codex", "vendor/x86_64-unknown-linux-musl/codex/codex"],
    });
    expect(codexBinaryLayout("win32", "arm64")?.relativePaths[0]).toBe("vendor/aarch64-pc-windows-msvc/bin/codex.exe");
    expect(codexBinaryLayout("sunos", "x64")).toBeNull();
  });

  it("prefers an explicit override and never falls back from it", async () => {
    const override = await executable(join(dir, "override", "codex"));
    expect(resolveCodexBinary({ override, env: { CODEX_PATH: "/nope" } })).toBe(override);
    const err = (() => {
      try {
        resolveCodexBinary({ override: join(dir, "missing") });
      } catch (e) {
        return e;
      }
    })();
    expect(isCodexNotFoundError(err)).toBe(true);
  });

  it("uses CODEX_PATH next", async () => {
    const fromEnv = await executable(join(dir, "env", "codex"));
    expect(resolveCodexBinary({ env: { CODEX_PATH: fromEnv } })).toBe(fromEnv);
  });

  it("finds the platform package in a node_modules above a bundled app", async () => {
    const app = join(dir, "app");
    const layout = codexBinaryLayout(process.platform, process.arch)!;
    const binary = await executable(join(app, "node_modules", layout.platformPackage, layout.relativePaths[0]!));
    const found = resolveCodexBinary({ env: { PATH: "" }, searchFrom: [join(app, "dist", "bundle")] });
    // resolution from this module's own node_modules wins when the project has @openai/codex installed
    expect([binary, found]).toContain(found);
    expect(found.endsWith(layout.relativePaths[0]!)).toBe(true);
  });

  it("falls back to PATH and lists every place it tried", async () => {
    const bin = await executable(join(dir, "pathdir", "codex"));
    expect(resolveCodexBinary({ env: { PATH: join(dir, "pathdir") }, platform: "sunos", arch: "x64", searchFrom: [] }))
      .toBe(bin);
    try {
      resolveCodexBinary({ env: { PATH: join(dir, "empty") }, platform: "sunos", arch: "x64", searchFrom: [] });
      expect.unreachable();
    } catch (err) {
      expect(isCodexNotFoundError(err)).toBe(true);
      const tried = (err as { tried: string[] }).tried.join("\n");
      expect(tried).toContain("CODEX_PATH: not set");
      expect(tried).toContain("@openai/codex: no binary is published for");
      expect(tried).toContain("PATH:");
      expect((err as Error).message).toContain("npm install @openai/codex");
    }
  });
});
