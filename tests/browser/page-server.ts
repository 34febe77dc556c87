// The browser test's page (page/index.html + page/app.ts), bundled and served by the shared helper in bench/lib.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { bundleForBrowser, type PageServer, servePage as serve } from "../../bench/lib/browser-page.ts";

export type { PageServer };

const PAGE = join(import.meta.dirname, "page");

/** Bundles the page script: `@codexkit/sdk` and `@codexkit/sdk/websocket` for the browser. */
export function bundlePage(): Promise<string> {
  return bundleForBrowser(join(PAGE, "app.ts"));
}

/** Serves the page; `/ticket` mints a 30 s ticket for principal `browser-user`. */
export async function servePage(script: string, ticketSecret: string): Promise<PageServer> {
  const html = await readFile(join(PAGE, "index.html"), "utf8");
  return serve({ html, script, ticketSecret, principal: "browser-user" });
}
