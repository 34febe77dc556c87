// A real browser drives codex: headless Chromium (Debian's package, through playwright-core) loads a page that
// imports the browser bundle of @codexkit/sdk + @codexkit/sdk/websocket, gets a ticket from the page's backend,
// runs a turn through a codex host on 127.0.0.1 with a canvas-drawn PNG attached as bytes, and streams the events
// into the DOM; the test reads them back. The page is bundled with code splitting, as a real app's bundler does, so
// the app-server half of the SDK is a chunk the page fetches on its first app-server turn, and only then. A page
// whose origin the host does not allow gets a typed error, and nothing is spawned; so does a page that cannot fetch
// the app-server chunk.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { inputImageUrls, reply } from "@codexkit/sdk/testing";
import { runtime } from "../helpers/runtime.ts";
import { startHost, type TestHost, TOKEN } from "../host/helpers.ts";
import { launchChromium } from "../../bench/lib/chromium.ts";
import { type BrowserBundle, bundlePage, type PageServer, servePage } from "./page-server.ts";

const TICKET_SECRET = "browser-test-ticket-secret-0123456789abcdef0123456789";

let browser: Browser;
let bundle: BrowserBundle;
// the chunk holding the app-server half (its JSON-RPC methods), which the page loads on demand
let appServerChunk: string;
let host: TestHost | undefined;
const pages: PageServer[] = [];

async function readPage(page: Page) {
  await page.waitForFunction(() => document.body.dataset.state !== "loading", undefined, { timeout: 90_000 });
  return await page.evaluate(() => ({
    state: document.body.dataset.state,
    events: [...document.querySelectorAll("#events li")].map((li) => li.textContent),
    final: document.getElementById("final")!.textContent,
    error: document.getElementById("error")!.textContent,
    png: document.getElementById("png")!.textContent,
    retries: [...document.querySelectorAll("#retries li")].map((li) => JSON.parse(li.textContent!)),
  }));
}

// One runtime pass is enough: the browser is the runtime under test here, not the one running vitest.
describe.runIf(runtime === "node")("in a real browser (headless Chromium)", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    [browser, bundle] = await Promise.all([launchChromium(), bundlePage()]);
    appServerChunk = [...bundle].find(([, code]) => code.includes('"turn/start"'))![0];
    expect(appServerChunk).not.toBe("/app.js");
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.close()));
    await host?.close();
    host = undefined;
  });

  for (const backend of ["exec", "app-server"] as const) {
    it(`runs a turn through the host with a canvas PNG attached as bytes (${backend} backend)`, async () => {
      const site = await servePage(bundle, TICKET_SECRET);
      pages.push(site);
      host = await startHost({
        steps: [reply("A white square on green.")],
        auth: { tokens: [TOKEN], ticketSecrets: [TICKET_SECRET] },
        allowOrigins: [site.origin],
      });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      const query = new URLSearchParams({ host: host.url, cwd: host.root, backend });
      await page.goto(`${site.origin}/?${query}`);
      const result = await readPage(page);
      await page.close();

      expect(result.error).toBe("");
      expect(errors).toEqual([]);
      expect(result.state).toBe("done");
      expect(result.final).toBe("A white square on green.");
      expect(result.events[0]).toBe("thread.started");
      expect(result.events).toContain("turn.started");
      expect(result.events).toContain("item.completed:agent_message");
      expect(result.events.at(-1)).toBe("turn.completed");
      // the model saw exactly the PNG the canvas drew
      expect(inputImageUrls(host.model.model.responseRequests[0]!)).toEqual([`data:image/png;base64,${result.png}`]);
      expect(site.tickets).toBeGreaterThanOrEqual(1);
      // the app-server half came over the wire only for the app-server backend
      expect(site.served.includes(appServerChunk)).toBe(backend === "app-server");
      expect(host.logs.some((l) => l.event === "connected" && l.principal === "ticket:browser-user")).toBe(true);
      // the turn is over on the host too: no codex process left behind
      await Promise.all(host.transport.channels.map((c) => c.exited));
    });
  }

  // The SDK does not remember a failed load, but the browser's own module loader does: an `import()` that failed
  // fails again for the life of the page (HTML's module map), so the page's retry gets the same typed error.
  it("a page that cannot fetch the app-server chunk gets a typed error on each turn, and nothing is spawned", async () => {
    const site = await servePage(bundle, TICKET_SECRET, new RegExp(`^${appServerChunk.replace(/[.]/g, "\\.")}$`));
    pages.push(site);
    host = await startHost({
      steps: [reply("never")],
      auth: { tokens: [TOKEN], ticketSecrets: [TICKET_SECRET] },
      allowOrigins: [site.origin],
    });
    const page = await browser.newPage();
    const query = new URLSearchParams({ host: host.url, cwd: host.root, backend: "app-server", attempts: "2" });
    await page.goto(`${site.origin}/?${query}`);
    const result = await readPage(page);
    await page.close();

    expect(site.failed).toEqual(new Set([appServerChunk]));
    expect(result.state).toBe("error");
    for (const error of [...result.retries, JSON.parse(result.error!)]) {
      expect(error).toMatchObject({ name: "CodexTransportError", code: "CODEX_TRANSPORT_ERROR" });
      expect(error.message).toMatch(/^Cannot load the app-server part of @codexkit\/sdk: .*app-server-/);
    }
    expect(result.retries).toHaveLength(1);
    expect(result.events).toEqual([]);
    // nothing reached the host: no codex, no model request
    expect(host.transport.specs).toHaveLength(0);
    expect(host.model.requests).toHaveLength(0);
  });

  it("shows a typed error when the host does not allow the page's origin, and nothing is spawned", async () => {
    const allowed = await servePage(bundle, TICKET_SECRET);
    const other = await servePage(bundle, TICKET_SECRET);
    pages.push(allowed, other);
    host = await startHost({
      steps: [reply("never")],
      auth: { tokens: [TOKEN], ticketSecrets: [TICKET_SECRET] },
      allowOrigins: [allowed.origin],
    });
    const page = await browser.newPage();
    const query = new URLSearchParams({ host: host.url, cwd: host.root, backend: "exec" });
    await page.goto(`${other.origin}/?${query}`);
    const result = await readPage(page);
    await page.close();

    expect(result.state).toBe("error");
    const error = JSON.parse(result.error!);
    expect(error).toMatchObject({ name: "CodexRelayError", code: "CODEX_RELAY_ERROR" });
    expect(error.message).toMatch(/allow-origin/);
    expect(host.transport.specs).toHaveLength(0);
    expect(host.model.requests).toHaveLength(0);
    expect(host.logs).toContainEqual(expect.objectContaining({ event: "refused", status: 403, reason: "origin not allowed" }));
  });
});
