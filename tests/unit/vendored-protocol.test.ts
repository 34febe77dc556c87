// The vendored app-server schema must be what the installed codex generates, and src/gen must be what the
// generator makes of it: a codex upgrade without `npm run vendor:protocol` fails here.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { protocol } from "@codexkit/sdk";

const root = join(import.meta.dirname, "..", "..");
const version = JSON.parse(readFileSync(join(root, "node_modules/@openai/codex/package.json"), "utf8")).version;
const tmp = mkdtempSync(join(tmpdir(), "codexkit-schema-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("vendored app-server protocol", () => {
  for (const [flavor, extra] of [["stable", []], ["experimental", ["--experimental"]]] as const) {
    it(`matches what codex ${version} generates (${flavor})`, () => {
      const out = join(tmp, flavor);
      execFileSync(join(root, "node_modules/.bin/codex"), ["app-server", "generate-json-schema", "--out", out, ...extra]);
      const generated = readFileSync(join(out, "codex_app_server_protocol.schemas.json"), "utf8");
      const vendored = readFileSync(join(root, "vendor/codex-app-server", version, `${flavor}.schemas.json`), "utf8");
      expect(JSON.parse(vendored)).toEqual(JSON.parse(generated));
    });
  }

  it("src/gen/protocol.ts is the generator's output for the vendored schema", () => {
    const out = join(tmp, "protocol.ts");
    execFileSync(process.execPath, [join(root, "scripts/gen-protocol.mjs"), version, "--out", out], { stdio: "pipe" });
    expect(readFileSync(join(root, "src/gen/protocol.ts"), "utf8")).toBe(readFileSync(out, "utf8"));
    expect(protocol.PROTOCOL_VERSION).toBe(version);
  });

  it("tables cover the methods the SDK's helpers use", () => {
    for (const m of ["thread/start", "thread/revert", "turn/steer", "command/exec", "config/value/write", "feedback/upload"]) {
      expect(protocol.CLIENT_REQUEST_METHODS).toContain(m);
    }
    expect(protocol.SERVER_REQUEST_METHODS).toContain("item/commandExecution/requestApproval");
    expect(protocol.SERVER_NOTIFICATION_METHODS).toContain("item/agentMessage/delta");
  });
});
