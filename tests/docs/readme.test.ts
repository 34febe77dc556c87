// Every TypeScript snippet of README.md, and the copy-whole example, type-checked as a user's program against the
// built package (strict, NodeNext), so a snippet cannot rot: a missing import, a renamed option or a wrong type fails
// here with the README line. Partial snippets declare their context (`<!-- snippet-setup: … -->`, see snippets.ts).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runtime } from "../helpers/runtime.ts";
import { checkSnippets, extractSnippets, type Snippet, type SnippetError } from "./snippets.ts";

const root = join(import.meta.dirname, "..", "..");

// The harness must catch what it is for: a missing import, a wrong type, a broken set-up — at the right lines.
const PROBE = `# probe

\`\`\`ts
import { Codex } from "@codexkit/sdk";
const ok: string = new Codex().startThread().id ?? "";
\`\`\`

\`\`\`ts
const thread = codex.startThread();
\`\`\`

<!-- snippet-setup: import { Codex } from "@codexkit/sdk"; const thread = new Codex().startThread(); -->
\`\`\`ts
const turn = await thread.run("hi");
const wrong: number = turn.finalResponse;
\`\`\`
`;

// files users copy whole: the self-contained example, and the Worker's entry (what wrangler bundles)
const EXAMPLES = ["examples/first-program.ts", "examples/cloudflare-worker/src/index.ts"];

describe.runIf(runtime === "node")("README snippets, type-checked as a consumer", () => {
  let errors: SnippetError[] = [];
  let readme: Snippet[] = [];

  beforeAll(async () => {
    if (!existsSync(join(root, "dist", "mod.d.mts"))) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
    readme = extractSnippets(readFileSync(join(root, "README.md"), "utf8"), "README.md");
    const examples = EXAMPLES.map((source): Snippet => ({ source, line: 1, code: readFileSync(join(root, source), "utf8"), setup: "" }));
    errors = await checkSnippets(root, [...readme, ...extractSnippets(PROBE, "probe.md"), ...examples]);
  }, 180_000);

  it("finds the README's snippets and their set-up comments", () => {
    expect(readme.length).toBeGreaterThan(10);
    expect(readme.some((s) => s.setup.includes("startThread"))).toBe(true);
    const probe = extractSnippets(PROBE, "probe.md");
    expect(probe.map((s) => s.line)).toEqual([4, 9, 14]);
    expect(probe[2]!.setup).toContain("const thread");
  });

  it("reports a missing name and a wrong type at their lines (the check can fail)", () => {
    const probe = errors.filter((e) => e.source === "probe.md");
    expect(probe.map((e) => e.line)).toEqual([9, 15]);
    expect(probe[0]!.message).toMatch(/Cannot find name 'codex'/);
    expect(probe[1]!.message).toMatch(/Type 'string' is not assignable to type 'number'/);
  });

  it("compiles every README snippet", () => {
    const messages = errors.filter((e) => e.source === "README.md" || e.source === "").map((e) => `README.md:${e.line}: ${e.message}`);
    expect(messages).toEqual([]);
  });

  for (const example of EXAMPLES) {
    it(`compiles ${example} as a file copied into a NodeNext project`, () => {
      expect(errors.filter((e) => e.source === example).map((e) => `${example}:${e.line}: ${e.message}`)).toEqual([]);
    });
  }
});
