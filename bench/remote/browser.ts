// The browser contender of the remote suite: headless Chromium loads a page (served on 127.0.0.1 with a ticket route)
// that runs the thread through the host; each sample is one `runThread` call timed inside the page.
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { bundleForBrowser, servePage } from "../lib/browser-page.ts";
import { launchChromium } from "../lib/chromium.ts";

/** A loaded page that runs threads, and how to shut it all down. */
export interface BrowserRunner extends AsyncDisposable {
  /** The page's origin (for the host's allow-list). */
  origin: string;
  /** Runs an N-turn app-server thread through the host; elapsed ms measured in the page. */
  run(url: string, cwd: string, turns: number): Promise<number>;
  /** Closes the browser and the page server. */
  close(): Promise<void>;
}

/**
 * Bundles the page, serves it with a ticket route and opens it in Chromium.
 * @param ticketSecret The host's ticket secret.
 * @returns The runner.
 */
export async function startBrowserRunner(ticketSecret: string): Promise<BrowserRunner> {
  const bundle = await bundleForBrowser(join(import.meta.dirname, "browser-page.ts"));
  const site = await servePage({
    html: '<script type="module" src="/app.js"></script>',
    bundle,
    ticketSecret,
    principal: "bench-browser",
  });
  let browser: Browser | undefined;
  let page: Page;
  try {
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(site.origin);
    await page.waitForFunction(() => typeof globalThis.runThread === "function");
  } catch (err) {
    await browser?.close();
    await site.close();
    throw err;
  }
  const close = async () => {
    await browser!.close();
    await site.close();
  };
  return {
    origin: site.origin,
    run: (url, cwd, turns) => page.evaluate(([u, c, n]) => globalThis.runThread(u, c, n), [url, cwd, turns] as const),
    close,
    [Symbol.asyncDispose]: close,
  };
}
