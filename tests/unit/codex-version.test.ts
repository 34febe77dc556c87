// The version table and comparison behind CodexVersionError (the e2e side is tests/e2e/codex-versions.test.ts).
import { describe, expect, it } from "vitest";
import {
  assertCodexVersion,
  CODEX_FEATURE_VERSIONS,
  compareCodexVersions,
  isCodexVersionError,
  parseCodexVersion,
  requiredCodexVersions,
} from "@codexkit/sdk";

describe("codex versions", () => {
  it("reads the version out of codex --version", () => {
    expect(parseCodexVersion("codex-cli 0.171.0\n")).toBe("0.171.0");
    expect(parseCodexVersion("codex-cli 0.172.0-alpha.3")).toBe("0.172.0-alpha.3");
    expect(parseCodexVersion("no version here")).toBeNull();
  });

  it("compares numerically, not as text", () => {
    expect(compareCodexVersions("0.163.0", "0.171.0")).toBeLessThan(0);
    expect(compareCodexVersions("0.171.0", "0.99.0")).toBeGreaterThan(0);
    expect(compareCodexVersions("1.0.0", "0.999.9")).toBeGreaterThan(0);
    expect(compareCodexVersions("0.171.0-alpha.1", "0.171.0")).toBe(0);
  });

  it("lists the version-dependent options a launch uses", () => {
    expect(requiredCodexVersions({ mode: "exec", options: { model: "m" } })).toEqual([]);
    expect(requiredCodexVersions({ mode: "exec", options: { remote: "ws://x", remoteAuthTokenEnv: "T" } }))
      .toEqual([["remote", "0.171.0"], ["remoteAuthTokenEnv", "0.171.0"]]);
    expect(CODEX_FEATURE_VERSIONS.remote).toBe("0.171.0");
  });

  it("throws a CodexVersionError for a binary too old, and lets an unknown version through", () => {
    const spec = { mode: "exec", options: { remote: "ws://x" } } as const;
    expect(() => assertCodexVersion(spec, "0.171.0")).not.toThrow();
    expect(() => assertCodexVersion(spec, null)).not.toThrow();
    let err: unknown;
    try {
      assertCodexVersion(spec, "0.169.0");
    } catch (e) {
      err = e;
    }
    expect(isCodexVersionError(err)).toBe(true);
    expect(err).toMatchObject({ code: "CODEX_VERSION_ERROR", name: "CodexVersionError", feature: "remote" });
  });
});
