// Records the programs started through the runtime's native process API — Deno.Command on Deno, Bun.spawn on Bun,
// child_process.spawn on Node — so a test can prove which API a transport really used.
import { createRequire, syncBuiltinESMExports } from "node:module";
import { runtime } from "./runtime.ts";

export interface NativeSpy {
  /** The API being watched, e.g. "Deno.Command". */
  api: string;
  /** Every program started through it since the spy was installed, with the stack frame that called the API. */
  calls: Array<{ command: string; caller: string }>;
  restore(): void;
}

type Fn = (...args: any[]) => any;

// The first stack frame outside this file: who called the native API. Bun's child_process is itself built on
// Bun.spawn, so "Bun.spawn was called" alone would not tell the Bun transport from Node compat; the caller does.
function caller(): string {
  const frames = (new Error().stack ?? "").split("\n").slice(1);
  return frames.find((f) => !f.includes("native-spy.ts"))?.trim() ?? "";
}

export function spyNativeSpawn(): NativeSpy {
  const calls: NativeSpy["calls"] = [];
  if (runtime === "deno") {
    const deno = (globalThis as any).Deno;
    const Original = deno.Command;
    deno.Command = class extends Original {
      constructor(command: string | URL, options?: unknown) {
        super(command, options);
        calls.push({ command: String(command), caller: caller() });
      }
    };
    return { api: "Deno.Command", calls, restore: () => void (deno.Command = Original) };
  }
  if (runtime === "bun") {
    const bun = (globalThis as any).Bun;
    const original: Fn = bun.spawn;
    bun.spawn = (...args: any[]) => {
      const cmd = Array.isArray(args[0]) ? args[0] : args[0].cmd;
      calls.push({ command: String(cmd[0]), caller: caller() });
      return original.apply(bun, args);
    };
    return { api: "Bun.spawn", calls, restore: () => void (bun.spawn = original) };
  }
  // Node: patch the CommonJS export, then push it to the ESM bindings transports/node.ts imported.
  const cp = createRequire(import.meta.url)("node:child_process");
  const original: Fn = cp.spawn;
  cp.spawn = function (this: unknown, command: string, ...rest: unknown[]) {
    calls.push({ command, caller: caller() });
    return original.call(this, command, ...rest);
  };
  syncBuiltinESMExports();
  return {
    api: "child_process.spawn",
    calls,
    restore: () => {
      cp.spawn = original;
      syncBuiltinESMExports();
    },
  };
}
