// A Cloudflare Worker that runs one codex turn per request on a codex host, over `websocketTransport` with a
// bearer token. POST the prompt as the body; `?backend=app-server` picks the app-server backend (default exec).
// The answer is JSON: { backend, threadId, finalResponse, usage }, or { error, code, reason } with status 502.
import { Codex, isCodexError } from "@codexkit/sdk";
import { isCodexRelayError, websocketTransport } from "@codexkit/sdk/websocket";

/** The Worker's bindings: `[vars]` in wrangler.toml, and the token as a secret. */
export interface Env {
  /** The codex host, `wss://…`. */
  CODEX_HOST_URL: string;
  /** One of the host's tokens (or an HS256 JWT it accepts): `npx wrangler secret put CODEX_HOST_TOKEN`. */
  CODEX_HOST_TOKEN: string;
  /** A directory on the host inside one of its roots; empty for the host's first root. */
  CODEX_WORKDIR?: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method !== "POST") return new Response("POST a prompt (?backend=app-server for the app-server backend)\n", { status: 405 });
    const backend = new URL(request.url).searchParams.get("backend") === "app-server" ? "app-server" : "exec";
    const prompt = await request.text();
    // A Worker cannot keep a socket from one request for the next: one transport per request, closed before the
    // response. In workerd the token goes on the upgrade through fetch (the WebSocket constructor takes no headers).
    const transport = websocketTransport({ url: env.CODEX_HOST_URL, token: env.CODEX_HOST_TOKEN });
    const codex = new Codex({ transport, backend });
    try {
      const thread = codex.startThread(env.CODEX_WORKDIR ? { workingDirectory: env.CODEX_WORKDIR } : {});
      const turn = await thread.run(prompt);
      return Response.json({ backend, threadId: thread.id, finalResponse: turn.finalResponse, usage: turn.usage });
    } catch (error) {
      if (!isCodexError(error)) throw error;
      const reason = isCodexRelayError(error) ? error.reason : undefined; // AUTH_FAILED, POLICY_DENIED, CONNECTION_LOST…
      return Response.json({ error: error.message, code: error.code, reason }, { status: 502 });
    } finally {
      await codex.close();
      await transport.close();
    }
  },
};
