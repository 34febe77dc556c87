// Binary resolution order: override › CODEX_PATH › @openai/codex platform package › PATH, and an error that lists
// every place tried; a binary from the package comes with the package's tools directory (put first on PATH).
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codexBinaryLayout, isCodexNotFoundError, locateCodex, resolveCodexBinary } from "@codexkit/sdk/node";

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
      toolsDirs: ["vendor/x86_64-unknown-linux-musl/codex-path", "vendor/x86_64-unknown-linux-musl/path"],
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

  // darwin-arm64: a platform package this machine has not installed, so only the fake trees below can answer
  const fake = { env: { PATH: "" }, platform: "darwin", arch: "arm64" } as const;
  const layout = () => codexBinaryLayout("darwin", "arm64")!;

  it("returns the package's tools directory with a binary found in it, in either layout", async () => {
    const app = join(dir, "tools-new");
    const pkg = join(app, "node_modules", layout().platformPackage);
    const binary = await executable(join(pkg, layout().relativePaths[0]!));
    await mkdir(join(pkg, layout().toolsDirs[0]!), { recursive: true });
    expect(locateCodex({ ...fake, searchFrom: [app] })).toEqual({
      path: binary,
      pathDirs: [join(pkg, "vendor", "aarch64-apple-darwin", "codex-path")],
      windows: false,
    });

    const old = join(dir, "tools-legacy");
    const oldPkg = join(old, "node_modules", layout().platformPackage);
    const oldBinary = await executable(join(oldPkg, layout().relativePaths[1]!));
    await mkdir(join(oldPkg, "vendor", "aarch64-apple-darwin", "path"), { recursive: true });
    expect(locateCodex({ ...fake, searchFrom: [old] })).toEqual({
      path: oldBinary,
      pathDirs: [join(oldPkg, "vendor", "aarch64-apple-darwin", "path")],
      windows: false,
    });
  });

  it("returns no tools directory when the package has none, or the binary was not found in a package", async () => {
    const app = join(dir, "tools-none");
    const binary = await executable(join(app, "node_modules", layout().platformPackage, layout().relativePaths[0]!));
    expect(locateCodex({ ...fake, searchFrom: [app] }).pathDirs).toEqual([]);

    // the same package binary, named explicitly: as @openai/codex-sdk with codexPathOverride, PATH stays as it is
    await mkdir(join(app, "node_modules", layout().platformPackage, layout().toolsDirs[0]!), { recursive: true });
    expect(locateCodex({ ...fake, searchFrom: [app] }).pathDirs).toHaveLength(1);
    expect(locateCodex({ ...fake, override: binary, searchFrom: [app] }).pathDirs).toEqual([]);
    expect(locateCodex({ ...fake, env: { CODEX_PATH: binary }, searchFrom: [app] }).pathDirs).toEqual([]);
    await executable(join(dir, "tools-pathdir", "codex"));
    const env = { PATH: join(dir, "tools-pathdir") };
    expect(locateCodex({ env, platform: "sunos", arch: "x64", searchFrom: [] }).pathDirs).toEqual([]);
  });

  it("says when PATH follows Windows' conventions", async () => {
    const app = join(dir, "tools-win");
    const win = codexBinaryLayout("win32", "arm64")!;
    const pkg = join(app, "node_modules", win.platformPackage);
    await executable(join(pkg, win.relativePaths[0]!));
    await mkdir(join(pkg, win.toolsDirs[0]!), { recursive: true });
    const found = locateCodex({ env: { PATH: "" }, platform: "win32", arch: "arm64", searchFrom: [app] });
    expect(found).toMatchObject({ windows: true, pathDirs: [join(pkg, win.toolsDirs[0]!)] });
    expect(found.path.endsWith("codex.exe")).toBe(true);
  });
});
