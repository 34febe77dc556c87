// Which runtime runs this test file, and that runtime's native process transport. The suites are the same on
// Node, Deno and Bun; only this file knows which transport class belongs to which runtime.
import type { NodeTransportOptions, Transport } from "@codexkit/sdk/node";

export type RuntimeName = "node" | "deno" | "bun";

const g = globalThis as { Deno?: unknown; Bun?: unknown };

/** The runtime executing the tests (Deno and Bun also define `process`, so test for them first). */
export const runtime: RuntimeName = g.Deno !== undefined ? "deno" : g.Bun !== undefined ? "bun" : "node";

/** The native transport class name this runtime's `@codexkit/sdk` entry must wire `Codex` to. */
export const nativeTransportName: string =
  { node: "NodeTransport", deno: "DenoTransport", bun: "BunTransport" }[runtime];

/** A new instance of this runtime's native process transport. */
export async function nativeTransport(options: NodeTransportOptions = {}): Promise<Transport> {
  switch (runtime) {
    case "deno":
      return new (await import("@codexkit/sdk/deno")).DenoTransport(options);
    case "bun":
      return new (await import("@codexkit/sdk/bun")).BunTransport(options);
    default:
      return new (await import("@codexkit/sdk/node")).NodeTransport(options);
  }
}
