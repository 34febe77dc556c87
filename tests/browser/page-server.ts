// The browser test's page (page/index.html + page/app.ts), bundled and served by the shared helper in bench/lib.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type BrowserBundle, bundleForBrowser, type PageServer, servePage as serve } from "../../bench/lib/browser-page.ts";

export type { BrowserBundle, PageServer };

const PAGE = join(import.meta.dirname, "page");

/** Bundles the page script: `@codexkit/sdk` and `@codexkit/sdk/websocket` for the browser, with code splitting. */
export function bundlePage(): Promise<BrowserBundle> {
  return bundleForBrowser(join(PAGE, "app.ts"));
}

/** Serves the page; `/ticket` mints a 30 s ticket for principal `browser-user`; `failOnce` as in the shared helper. */
export async function servePage(bundle: BrowserBundle, ticketSecret: string, failOnce?: RegExp): Promise<PageServer> {
  const html = await readFile(join(PAGE, "index.html"), "utf8");
  return serve({ html, bundle, ticketSecret, principal: "browser-user", failOnce });
}
