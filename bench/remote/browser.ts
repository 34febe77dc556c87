// The browser contender of the remote suite: headless Chromium loads a page (served on 127.0.0.1 with a ticket route)
// that runs the thread through the host; each sample is one `runThread` call timed inside the page.
import { createServer } from "node:http";
import { join } from "node:path";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { createTicket } from "@codexkit/sdk/ticket";
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
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, "browser-page.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    logLevel: "silent",
    tsconfigRaw: {}, // through the package's export map: the built dist/, as a browser app gets it
  });
  const script = bundle.outputFiles[0]!.text;
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/") return void res.writeHead(200, { "content-type": "text/html" }).end('<script type="module" src="/page.js"></script>');
    if (path === "/page.js") return void res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    if (path === "/ticket") {
      const ticket = await createTicket({ secret: ticketSecret, principal: "bench-browser", ttlMs: 30_000 });
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ticket }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  let browser: Browser | undefined;
  let page: Page;
  try {
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(origin);
    await page.waitForFunction(() => typeof globalThis.runThread === "function");
  } catch (err) {
    await browser?.close();
    server.close();
    throw err;
  }
  const close = async () => {
    await browser!.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    origin,
    run: (url, cwd, turns) => page.evaluate(([u, c, n]) => globalThis.runThread(u, c, n), [url, cwd, turns] as const),
    close,
    [Symbol.asyncDispose]: close,
  };
}
