// unwrapShellCommand: codex reports commands as the login-shell invocation it runs. The wrapped forms below are the
// ones codex 0.169 printed for these commands (bare word, single quotes, double quotes with escapes).
import { describe, expect, it } from "vitest";
import { unwrapShellCommand } from "@codexkit/sdk";

describe("unwrapShellCommand", () => {
  const cases: Array<[string, string]> = [
    ["/bin/bash -lc 'npm test'", "npm test"],
    ["/bin/bash -lc ls", "ls"],
    [`/bin/bash -lc "echo 'hi there'"`, "echo 'hi there'"],
    [`/bin/bash -lc 'echo "a b" $HOME'`, `echo "a b" $HOME`],
    [`/bin/bash -lc "printf %s \\"it's\\" \\"q\\\\\\"d\\""`, `printf %s "it's" "q\\"d"`],
    [`/bin/bash -lc "bash -lc 'echo x'"`, "bash -lc 'echo x'"],
    ["/bin/zsh -lc 'cd sub && npm test'", "cd sub && npm test"],
    ["/usr/bin/bash -c 'make'", "make"],
    ["sh -c 'a'\"b\"", "ab"],
  ];
  for (const [wrapped, inner] of cases) {
    it(`${wrapped} → ${inner}`, () => expect(unwrapShellCommand(wrapped)).toBe(inner));
  }

  it("leaves anything that is not a login-shell wrapper unchanged", () => {
    for (const command of ["npm test", "/bin/bash -lc 'a' extra", "/bin/bash -x 'a'", "/bin/bash -lc 'unbalanced", "python -c 'x'"]) {
      expect(unwrapShellCommand(command)).toBe(command);
    }
  });

  it("returns an empty string for a missing command", () => {
    expect(unwrapShellCommand(undefined)).toBe("");
    expect(unwrapShellCommand(null)).toBe("");
  });

  it("keeps chained commands whole, so an exact match cannot be fooled by a suffix", () => {
    expect(unwrapShellCommand("/bin/bash -lc 'npm test; rm -rf ~'")).toBe("npm test; rm -rf ~");
  });
});
