// The browser bundle budgets. What a browser app imports — `{ Codex }` from "@codexkit/sdk" and
// `{ websocketTransport }` from "@codexkit/sdk/websocket", resolved through the package's export maps to the built
// dist/ as users get it — bundled by esbuild for the browser with code splitting and minified: what the page loads up
// front (the entry chunk and the chunks it imports statically, each gzipped -9) must stay within 20 KB. Chunks reached
// only by a dynamic import() are not counted: the test checks that the app-server half (which `Codex` loads on its
// first app-server turn) and the valibot → JSON Schema converter are such chunks, and that protobuf-es stays out of
// the browser entirely (the relay codec writes the wire format itself); bundled by rolldown (Vite's bundler) the app
// must fit too. The same app naming `AppServerClient` and `export *` of the core entry have budgets of their own, the
// measured sizes plus small headroom (see bench/bundle/size.ts for the history); raising one is a deliberate, reviewed
// change. Gzip sizes are zlib's: other runtimes' zlib differs by tens of bytes, so the gate runs on Node (the bundle
// is the same whichever runtime runs the bundler).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BROWSER_APP_BUDGET_BYTES,
  BROWSER_APP_WITH_CLIENT_BUDGET_BYTES,
  BROWSER_CORE_BUDGET_BYTES,
  browserApp,
  browserAppWithClient,
  type BundleSize,
  exportAll,
  measureBrowserBundle,
  measureRolldownBundle,
} from "../../bench/bundle/size.ts";
import { runtime } from "../helpers/runtime.ts";

const root = join(import.meta.dirname, "..", "..");

const largest = (bundle: BundleSize) => bundle.inputs.slice(0, 6).map((i) => `${i.path}: ${i.bytes} B minified`).join("\n");

describe.runIf(runtime === "node")("browser bundle budget", () => {
  it(`keeps a browser app (Codex + WebSocket transport) within ${BROWSER_APP_BUDGET_BYTES} B minified + gzipped`, async () => {
    const bundle = await measureBrowserBundle(browserApp(), root);
    expect(bundle.code).toContain("codexkit.relay.v1"); // the transport is really in it
    expect(bundle.code).toContain("CODEX_TURN_FAILED"); // and so is the core
    expect(bundle.code).not.toMatch(/["']node:/);
    const paths = bundle.inputs.map((i) => i.path);
    expect(paths.filter((p) => p.includes("@bufbuild/protobuf"))).toEqual([]);
    expect(paths.some((p) => p.includes("@valibot/to-json-schema"))).toBe(false);
    expect(bundle.lazy.some((chunk) => chunk.inputs.some((p) => p.includes("@valibot/to-json-schema")))).toBe(true);
    // the app-server half is there, on demand: its JSON-RPC methods are in a lazy chunk and not up front
    expect(paths.some((p) => /app-server|client-/.test(p))).toBe(false);
    expect(bundle.code).not.toContain("turn/start");
    expect(bundle.lazyCode).toContain("turn/start");
    expect(bundle.gzipped, `browser app is ${bundle.gzipped} B gzipped; largest inputs:\n${largest(bundle)}`)
      .toBeLessThanOrEqual(BROWSER_APP_BUDGET_BYTES);
    expect(bundle.gzipped).toBeGreaterThan(BROWSER_APP_BUDGET_BYTES / 2); // a real bundle, not an empty build
  });

  it(`keeps the same app within ${BROWSER_APP_BUDGET_BYTES} B bundled by rolldown (Vite's bundler) too`, async () => {
    const bundle = await measureRolldownBundle(browserApp(), root);
    expect(bundle.gzipped).toBeLessThanOrEqual(BROWSER_APP_BUDGET_BYTES);
    expect(bundle.gzipped).toBeGreaterThan(BROWSER_APP_BUDGET_BYTES / 2);
  });

  it(`keeps a browser app naming AppServerClient within ${BROWSER_APP_WITH_CLIENT_BUDGET_BYTES} B minified + gzipped`, async () => {
    const bundle = await measureBrowserBundle(browserAppWithClient(), root);
    expect(bundle.code).toContain("turn/start"); // named, the app-server half loads up front
    expect(bundle.gzipped, `browser app with AppServerClient is ${bundle.gzipped} B gzipped; largest inputs:\n${largest(bundle)}`)
      .toBeLessThanOrEqual(BROWSER_APP_WITH_CLIENT_BUDGET_BYTES);
    expect(bundle.gzipped).toBeGreaterThan(BROWSER_APP_WITH_CLIENT_BUDGET_BYTES / 2);
  });

  it(`keeps export * of the core entry within ${BROWSER_CORE_BUDGET_BYTES} B minified + gzipped`, async () => {
    const bundle = await measureBrowserBundle(exportAll("@codexkit/sdk"), root);
    expect(bundle.code).toContain("CODEX_TURN_FAILED");
    expect(bundle.code).not.toMatch(/["']node:/);
    expect(bundle.gzipped, `core bundle is ${bundle.gzipped} B gzipped; largest inputs:\n${largest(bundle)}`)
      .toBeLessThanOrEqual(BROWSER_CORE_BUDGET_BYTES);
    expect(bundle.gzipped).toBeGreaterThan(BROWSER_CORE_BUDGET_BYTES / 2);
  });
});
