// The test page's web server on 127.0.0.1: the page, its script (the package bundled for the browser from its export
// map — the built dist/, as a user's bundler sees it), and the backend route that mints a ticket with createTicket.
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { createTicket } from "@codexkit/sdk/ticket";

const PAGE = join(import.meta.dirname, "page");

export interface PageServer {
  /** The page's origin, `http://127.0.0.1:PORT`. */
  origin: string;
  /** How many tickets the backend minted. */
  tickets: number;
  close(): Promise<void>;
}

/** Bundles the page script once: `@codexkit/sdk` and `@codexkit/sdk/websocket`, minified, for the browser. */
export async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [join(PAGE, "app.ts")],
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
  if (/["']node:/.test(code)) throw new Error("the browser bundle imports a node: module");
  return code;
}

/** Serves the page; `/ticket` mints a 30 s ticket for principal `browser-user`. */
export async function servePage(script: string, ticketSecret: string): Promise<PageServer> {
  const html = await readFile(join(PAGE, "index.html"), "utf8");
  const state = { tickets: 0 };
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/") return void res.writeHead(200, { "content-type": "text/html" }).end(html);
    if (path === "/app.js") return void res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    if (path === "/ticket") {
      state.tickets++;
      const ticket = await createTicket({ secret: ticketSecret, principal: "browser-user", ttlMs: 30_000 });
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ticket }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(state, {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
