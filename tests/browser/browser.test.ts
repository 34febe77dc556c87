// A real browser drives codex: headless Chromium (Debian's package, through playwright-core) loads a page that
// imports the browser bundle of @codexkit/sdk + @codexkit/sdk/websocket, gets a ticket from the page's backend,
// runs a turn through a codex host on 127.0.0.1 with a canvas-drawn PNG attached as bytes, and streams the events
// into the DOM; the test reads them back. A page whose origin the host does not allow gets a typed error, and
// nothing is spawned.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { inputImageUrls, reply } from "@codexkit/sdk/testing";
import { runtime } from "../helpers/runtime.ts";
import { startHost, type TestHost, TOKEN } from "../host/helpers.ts";
import { launchChromium } from "./chromium.ts";
import { bundlePage, type PageServer, servePage } from "./page-server.ts";

const TICKET_SECRET = "browser-test-ticket-secret-0123456789abcdef0123456789";

let browser: Browser;
let script: string;
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
  }));
}

// One runtime pass is enough: the browser is the runtime under test here, not the one running vitest.
describe.runIf(runtime === "node")("in a real browser (headless Chromium)", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    [browser, script] = await Promise.all([launchChromium(), bundlePage()]);
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
      const site = await servePage(script, TICKET_SECRET);
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
      expect(host.logs.some((l) => l.event === "connected" && l.principal === "ticket:browser-user")).toBe(true);
      // the turn is over on the host too: no codex process left behind
      await Promise.all(host.transport.channels.map((c) => c.exited));
    });
  }

  it("shows a typed error when the host does not allow the page's origin, and nothing is spawned", async () => {
    const allowed = await servePage(script, TICKET_SECRET);
    const other = await servePage(script, TICKET_SECRET);
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
