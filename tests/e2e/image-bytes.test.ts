// Images given as bytes (`image_bytes` parts) reach the model on both backends, locally and through a codex host:
// process transports write a private temp file for `--image`, the websocket transport uploads the bytes and the host
// writes it, the app-server backend sends a data URL. The model must see exactly the bytes the caller gave.
import { afterEach, describe, expect, it } from "vitest";
import { Codex, type UserInput } from "@codexkit/sdk";
import { inputImageUrls, reply } from "@codexkit/sdk/testing";
import { type Harness, harness } from "../helpers/harness.ts";
import { startHost, type TestHost } from "../host/helpers.ts";

// A real 1×1 PNG: codex inspects what it attaches.
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);
const input: UserInput[] = [
  { type: "text", text: "What is in this picture?" },
  { type: "image_bytes", data: PNG, mediaType: "image/png" },
];

function bytesOf(url: string): number[] {
  const match = /^data:image\/png;base64,(.*)$/.exec(url);
  expect(match, `not a PNG data URL: ${url.slice(0, 40)}`).not.toBeNull();
  return [...atob(match![1]!)].map((c) => c.charCodeAt(0));
}

let h: Harness | undefined;
let host: TestHost | undefined;
afterEach(async () => {
  await h?.dispose();
  await host?.close();
  h = host = undefined;
});

describe("image bytes as input", { timeout: 120_000 }, () => {
  for (const backend of ["exec", "app-server"] as const) {
    it(`reach the model unchanged on the ${backend} backend`, async () => {
      h = await harness([reply("A single pixel.")], { backend });
      const thread = h.codex.startThread({ skipGitRepoCheck: true, workingDirectory: h.workDir });
      const turn = await thread.run(input);
      expect(turn.finalResponse).toBe("A single pixel.");
      const urls = inputImageUrls(h.server.model.responseRequests[0]!);
      expect(urls).toHaveLength(1);
      expect(bytesOf(urls[0]!)).toEqual([...PNG]);
      await h.codex.close();
    });

    it(`reach the model unchanged through a codex host on the ${backend} backend`, async () => {
      host = await startHost({ steps: [reply("A remote pixel.")] });
      const codex = new Codex({ transport: host.client(), backend });
      const thread = codex.startThread({ skipGitRepoCheck: true, workingDirectory: host.root });
      const turn = await thread.run(input);
      expect(turn.finalResponse).toBe("A remote pixel.");
      const urls = inputImageUrls(host.model.model.responseRequests[0]!);
      expect(urls).toHaveLength(1);
      expect(bytesOf(urls[0]!)).toEqual([...PNG]);
      await codex.close();
    });
  }

  it("name the bad field: wrong media type, empty data, data that is not bytes", () => {
    const codex = new Codex();
    const thread = codex.startThread();
    const bad = [
      [{ type: "image_bytes", data: PNG, mediaType: "image/svg+xml" }, "input[0].mediaType"],
      [{ type: "image_bytes", data: new Uint8Array(), mediaType: "image/png" }, "input[0].data"],
      [{ type: "image_bytes", data: "iVBOR", mediaType: "image/png" }, "input[0].data"],
    ] as const;
    return Promise.all(bad.map(async ([part, option]) => {
      const err = await thread.run([part as never]).catch((e) => e);
      expect(err).toMatchObject({ code: "CODEX_OPTIONS_ERROR", option });
    }));
  });
});
