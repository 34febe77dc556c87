// A page for headless Chromium, as the browser tests and the remote bench need it: a script bundled for the browser
// from the package's export map (the built dist/, as a user's bundler sees it), served on 127.0.0.1 with a backend
// route that mints tickets with createTicket.
import { createServer } from "node:http";
import { build } from "esbuild";
import { createTicket } from "@codexkit/sdk/ticket";

/** A served page. */
export interface PageServer extends AsyncDisposable {
  /** The page's origin, `http://127.0.0.1:PORT` (for the host's allow-list). */
  origin: string;
  /** How many tickets `/ticket` minted. */
  readonly tickets: number;
  close(): Promise<void>;
}

/**
 * Bundles a page script for the browser, minified, and checks it imports no `node:` module.
 * @param entry The script's path.
 * @returns The bundle's code.
 */
export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "silent",
    tsconfigRaw: {}, // resolve the package through its export map (dist/), not the repository's source paths
  });
  const code = result.outputFiles[0]!.text;
  if (/["']node:/.test(code)) throw new Error(`the browser bundle of ${entry} imports a node: module`);
  return code;
}

/**
 * Serves `html` at `/`, `script` at `/app.js`, and `/ticket` (a 30 s ticket for `principal`).
 * @param page The page, its script, and the ticket secret and principal.
 * @returns The running server.
 */
export async function servePage(page: { html: string; script: string; ticketSecret: string; principal: string }): Promise<PageServer> {
  let tickets = 0;
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/") return void res.writeHead(200, { "content-type": "text/html" }).end(page.html);
    if (path === "/app.js") return void res.writeHead(200, { "content-type": "text/javascript" }).end(page.script);
    if (path === "/ticket") {
      tickets++;
      const ticket = await createTicket({ secret: page.ticketSecret, principal: page.principal, ttlMs: 30_000 });
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ticket }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    get tickets() {
      return tickets;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
