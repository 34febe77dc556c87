// The relay protocol's generated code and codec: the committed code matches the .proto, frames round-trip, and
// decoding arbitrary bytes never does anything but return a frame or throw a typed BAD_FRAME error.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeClientFrame, decodeHostFrame, encodeClientFrame, encodeHostFrame } from "@codexkit/sdk/host";
import { isCodexRelayError } from "@codexkit/sdk/websocket";

const root = join(import.meta.dirname, "..", "..");

/** A small deterministic PRNG, so a failure reproduces. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

describe("relay codec", () => {
  it("has generated code that matches proto/ (npm run gen)", () => {
    const out = execFileSync("node", [join(root, "scripts", "gen-relay.mjs"), "--check"], { cwd: root, encoding: "utf8" });
    expect(out).toContain("up to date");
  }, 60_000);

  it("round-trips client and host frames", () => {
    const open = encodeClientFrame({
      frame: {
        case: "open",
        value: {
          channel: 7,
          maxLineBytes: 1024n,
          launch: { case: "exec", value: { options: { model: "m", additionalDirectories: ["/a"], config: { a: { b: [1, "x"] } } }, images: [{ mediaType: "image/png", data: new Uint8Array([1, 2]) }] } },
        },
      },
    });
    const frame = decodeClientFrame(open);
    expect(frame.frame.case).toBe("open");
    const value = frame.frame.value as { channel: number; launch: { value: { options: { config: unknown }; images: Array<{ data: Uint8Array }> } } };
    expect(value.channel).toBe(7);
    expect(value.launch.value.options.config).toEqual({ a: { b: [1, "x"] } });
    expect([...value.launch.value.images[0]!.data]).toEqual([1, 2]);
    const host = decodeHostFrame(encodeHostFrame({ frame: { case: "output", value: { channel: 1, seq: 5n, lines: ["a", "é😀"] } } }));
    expect(host.frame).toMatchObject({ case: "output", value: { channel: 1, seq: 5n, lines: ["a", "é😀"] } });
  });

  it("decodes thousands of malformed, truncated and random inputs into a frame or a typed error", () => {
    const random = prng(42);
    const valid = encodeClientFrame({ frame: { case: "stdin", value: { channel: 3, seq: 9n, text: "hello\n".repeat(20) } } });
    let typed = 0;
    let decoded = 0;
    for (let i = 0; i < 6000; i++) {
      let bytes: Uint8Array;
      const kind = i % 3;
      if (kind === 0) bytes = valid.subarray(0, Math.floor(random() * valid.length)); // truncated
      else if (kind === 1) {
        bytes = valid.slice();
        for (let k = 0; k < 1 + Math.floor(random() * 4); k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      } else {
        bytes = new Uint8Array(Math.floor(random() * 64));
        for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(random() * 256);
      }
      try {
        decodeClientFrame(bytes);
        decodeHostFrame(bytes);
        decoded++;
      } catch (err) {
        expect(isCodexRelayError(err) && err.reason === "BAD_FRAME").toBe(true);
        typed++;
      }
    }
    expect(typed).toBeGreaterThan(1000);
    expect(decoded).toBeGreaterThan(100);
  });
});
