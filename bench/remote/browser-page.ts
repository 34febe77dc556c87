// The bench's browser page: the same N-turn app-server thread as the Node contenders, through the host, timed in the
// page from creating the client to closing it. Bundled for the browser from the package's export map (dist/).
import { Codex } from "@codexkit/sdk";
import { websocketTransport } from "@codexkit/sdk/websocket";

declare global {
  // deno-lint-ignore no-var
  var runThread: (url: string, cwd: string, turns: number) => Promise<number>;
}

globalThis.runThread = async (url, cwd, turns) => {
  const start = performance.now();
  const transport = websocketTransport({
    url,
    getTicket: async () => (await (await fetch("/ticket")).json()).ticket,
  });
  const codex = new Codex({ transport, backend: "app-server" });
  try {
    const thread = codex.startThread({ workingDirectory: cwd });
    for (let i = 0; i < turns; i++) await thread.run(`turn ${i}`);
  } finally {
    await codex.close();
    await transport.close();
  }
  return performance.now() - start;
};
