// The page the browser test loads: it imports the package the way a browser app does (bundled from the package's
// export map), draws a PNG on a canvas, fetches a ticket from its backend, runs one turn through the codex host with
// the picture attached as bytes, and writes every event, the final response or the typed error into the DOM.
import { Codex, type ThreadEvent } from "@codexkit/sdk";
import { websocketTransport } from "@codexkit/sdk/websocket";

const params = new URLSearchParams(location.search);
const $ = (id: string) => document.getElementById(id)!;

async function drawPng(): Promise<Uint8Array> {
  const canvas = $("picture") as HTMLCanvasElement;
  const g = canvas.getContext("2d")!;
  g.fillStyle = "#0a7";
  g.fillRect(0, 0, 32, 32);
  g.fillStyle = "#fff";
  g.fillRect(8, 8, 16, 16);
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("no PNG"))), "image/png")
  );
  return new Uint8Array(await blob.arrayBuffer());
}

function show(event: ThreadEvent): void {
  const li = document.createElement("li");
  li.textContent = event.type === "item.completed" || event.type === "item.started" ? `${event.type}:${event.item.type}` : event.type;
  $("events").append(li);
}

const describe = (err: unknown) => {
  const e = err as { name?: string; code?: string; reason?: string; message?: string };
  return JSON.stringify({ name: e.name, code: e.code, reason: e.reason, message: e.message });
};

// One turn; with ?attempts=N, a turn that fails is tried again on the same thread, up to N times in all, and each
// failure is listed in #retries.
async function main(): Promise<void> {
  const png = await drawPng();
  $("png").textContent = btoa(String.fromCharCode(...png));
  const transport = websocketTransport({
    url: params.get("host")!,
    getTicket: async () => (await (await fetch("/ticket")).json()).ticket,
  });
  const codex = new Codex({ transport, backend: params.get("backend") === "app-server" ? "app-server" : "exec" });
  const attempts = Number(params.get("attempts") ?? 1);
  try {
    const thread = codex.startThread({ workingDirectory: params.get("cwd")!, skipGitRepoCheck: true });
    for (let attempt = 1;; attempt++) {
      try {
        const { events } = await thread.runStreamed([
          { type: "text", text: "What is in this picture?" },
          { type: "image_bytes", data: png, mediaType: "image/png" },
        ]);
        let final = "";
        for await (const event of events) {
          show(event);
          if (event.type === "item.completed" && event.item.type === "agent_message") final = event.item.text;
        }
        $("final").textContent = final;
        document.body.dataset.state = "done";
        return;
      } catch (err) {
        if (attempt >= attempts) throw err;
        const li = document.createElement("li");
        li.textContent = describe(err);
        $("retries").append(li);
      }
    }
  } finally {
    await codex.close();
    await transport.close();
  }
}

main().catch((err) => {
  $("error").textContent = describe(err);
  document.body.dataset.state = "error";
});
