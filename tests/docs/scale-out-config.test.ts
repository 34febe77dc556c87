// The nginx configuration in the README's "Scaling out" section is the one tests/host/scale-out.test.ts runs two
// hosts behind: both come from scaleOutConfig, so the README cannot drift from what is tested.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scaleOutConfig } from "../host/nginx.ts";

const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");

describe("README: Scaling out", () => {
  it("shows the nginx configuration the scale-out test runs", () => {
    const blocks = [...readme.matchAll(/```nginx\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toBe(scaleOutConfig({
      listen: "80",
      hosts: [{ id: "host-a", address: "10.0.0.11:8080" }, { id: "host-b", address: "10.0.0.12:8080" }],
    }));
  });

  it("names the flags, the query parameter and the error the section relies on", () => {
    const section = readme.slice(readme.indexOf("## Scaling out"), readme.indexOf("## Security"));
    for (const word of ["--host-id", "--max-ticket-ttl-ms", "?codexkit_host=", "HOST_GONE", "ticketClaims", "CODEX_HOME/sessions"]) {
      expect(section).toContain(word);
    }
  });
});
