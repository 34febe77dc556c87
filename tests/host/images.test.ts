// Image bytes in an exec launch: the host writes each to a private temp file, passes it to codex as --image, and
// removes it when the channel ends. Bad media types are refused before anything is written or spawned.
import { existsSync, readFileSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/process-state.ts";
import { type FakeHost, startFakeHost } from "./fake-host.ts";
import { rawRelay } from "./raw.ts";

let h: FakeHost;
beforeAll(async () => {
  h = await startFakeHost();
}, 60_000);
afterAll(() => h.close());

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe("image bytes through the host", { timeout: 60_000 }, () => {
  it("become a private temp file passed as --image, removed when the channel ends", async () => {
    h.next = { mode: "sleeper-args" };
    const relay = await rawRelay(h.url);
    relay.send({ frame: { case: "open", value: { channel: 1, launch: { case: "exec", value: { options: {}, images: [{ mediaType: "image/png", data: PNG }] } } } } });
    await relay.next((f) => f.frame.case === "output");
    const args = relay.frames.flatMap((f) => (f.frame.case === "output" ? f.frame.value.lines : []));
    const path = args[args.indexOf("--image") + 1]!;
    expect(path).toMatch(/\.png$/);
    expect([...readFileSync(path)]).toEqual([...PNG]);
    expect(statSync(path).mode & 0o077).toBe(0); // private to the host's user
    relay.send({ frame: { case: "kill", value: { channel: 1 } } });
    await relay.next((f) => f.frame.case === "exited");
    expect(await eventually(() => !existsSync(path))).toBe(true);
    relay.close();
  });

  it("refuses an unknown media type: nothing written, nothing spawned", async () => {
    const before = await h.launches();
    const relay = await rawRelay(h.url);
    relay.send({ frame: { case: "open", value: { channel: 1, launch: { case: "exec", value: { options: {}, images: [{ mediaType: "text/html", data: PNG }] } } } } });
    const err = await relay.next((f) => f.frame.case === "error");
    expect(err.frame.value).toMatchObject({ code: 4 });
    expect(await h.launches()).toBe(before);
    relay.close();
  });
});
