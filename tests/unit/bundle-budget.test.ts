// The browser bundle budget: the core entry, bundled for the browser through the package's own export map (the
// built dist/, as users get it), minified and gzipped, must stay within BROWSER_CORE_BUDGET_BYTES. The budget was
// set from the measured size with modest headroom (see `npm run bench`); raising it is a deliberate, reviewed
// change — the core and the coming WebSocket client are meant to fit in 20 KB together.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BROWSER_CORE_BUDGET_BYTES, measureBrowserBundle } from "../../bench/bundle/size.ts";

const root = join(import.meta.dirname, "..", "..");

describe("browser bundle budget", () => {
  it(`keeps the core entry within ${BROWSER_CORE_BUDGET_BYTES} bytes minified + gzipped`, async () => {
    const bundle = await measureBrowserBundle("@codexkit/sdk", root);
    const largest = bundle.inputs.slice(0, 5).map((i) => `${i.path}: ${i.bytes} B minified`).join("\n");
    expect(bundle.code).not.toMatch(/["']node:/);
    expect(bundle.gzipped, `core bundle is ${bundle.gzipped} B gzipped; largest inputs:\n${largest}`)
      .toBeLessThanOrEqual(BROWSER_CORE_BUDGET_BYTES);
  });

  it("measures a real bundle (the gate cannot pass on an empty build)", async () => {
    const bundle = await measureBrowserBundle("@codexkit/sdk", root);
    expect(bundle.code).toContain("CODEX_TURN_FAILED");
    expect(bundle.gzipped).toBeGreaterThan(BROWSER_CORE_BUDGET_BYTES / 2);
  });
});
