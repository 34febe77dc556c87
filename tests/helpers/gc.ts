// A full garbage collection on Node, Deno (V8: the flag can be switched on at run time) and Bun (JSC), and the
// heap in use after it: what leak tests compare. Bytes vary by runtime; the tests compare growth, never absolutes.
import process from "node:process";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

const g = globalThis as { Bun?: { gc(sync: boolean): void }; gc?: () => void };

function gcOnce(): void {
  if (g.Bun) return g.Bun.gc(true);
  if (!g.gc) {
    setFlagsFromString("--expose-gc");
    g.gc = runInNewContext("gc") as () => void;
  }
  g.gc!();
}

/** Collects garbage a few times with turns of the event loop between (finalizers and weak refs need them). */
export async function collectGarbage(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    gcOnce();
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Heap bytes in use after a full collection. */
export async function heapAfterGc(): Promise<number> {
  await collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Counts how many of the registered objects are still alive (not yet finalized). */
export class LiveCounter {
  #registered = 0;
  #finalized = 0;
  readonly #registry = new FinalizationRegistry<null>(() => this.#finalized++);
  track(object: object): void {
    this.#registered++;
    this.#registry.register(object, null);
  }
  get registered(): number {
    return this.#registered;
  }
  /** Alive after a full collection. */
  async live(): Promise<number> {
    await collectGarbage();
    return this.#registered - this.#finalized;
  }
}
