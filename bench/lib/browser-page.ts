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
  /** The bundle's files served, in order (a path twice when fetched twice). */
  readonly served: readonly string[];
  /** The paths that answered 503 (see `failOnce`). */
  readonly failed: ReadonlySet<string>;
  close(): Promise<void>;
}

/** A page script bundled for the browser: its files by URL path, `/app.js` and the chunks it loads. */
export type BrowserBundle = Map<string, string>;

/**
 * Bundles a page script for the browser as a bundler of a real app does — code splitting, so what the SDK loads on
 * demand (the app-server half, the JSON Schema converter) is a chunk fetched by a dynamic `import()` — minified, and
 * checks that no file imports a `node:` module.
 * @param entry The script's path.
 * @returns `/app.js` and its chunks.
 */
export async function bundleForBrowser(entry: string): Promise<BrowserBundle> {
  const result = await build({
    entryPoints: { app: entry },
    bundle: true,
    splitting: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    outdir: "/",
    write: false,
    logLevel: "silent",
    tsconfigRaw: {}, // resolve the package through its export map (dist/), not the repository's source paths
  });
  const files: BrowserBundle = new Map();
  for (const file of result.outputFiles) {
    if (/["']node:/.test(file.text)) throw new Error(`the browser bundle of ${entry} imports a node: module (${file.path})`);
    files.set(file.path, file.text);
  }
  return files;
}

/**
 * Serves `html` at `/`, the bundle's files at their paths, and `/ticket` (a 30 s ticket for `principal`). A file
 * whose path matches `failOnce` answers 503 the first time it is asked for (a deploy or network hiccup).
 * @param page The page, its bundle, the ticket secret and principal, and what to fail once.
 * @returns The running server.
 */
export async function servePage(
  page: { html: string; bundle: BrowserBundle; ticketSecret: string; principal: string; failOnce?: RegExp },
): Promise<PageServer> {
  let tickets = 0;
  const failed = new Set<string>();
  const served: string[] = [];
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/") return void res.writeHead(200, { "content-type": "text/html" }).end(page.html);
    const file = page.bundle.get(path);
    if (file !== undefined) {
      if (page.failOnce?.test(path) && !failed.has(path)) {
        failed.add(path);
        return void res.writeHead(503).end();
      }
      served.push(path);
      return void res.writeHead(200, { "content-type": "text/javascript" }).end(file);
    }
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
    served,
    failed,
    close,
    [Symbol.asyncDispose]: close,
  };
}
