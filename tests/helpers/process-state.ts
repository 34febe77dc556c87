// Process liveness as tests need it. A killed grandchild is re-parented to init and may stay a zombie until init
// reaps it; that is not ours to reap, so it counts as dead. Our own children must be fully gone (reaped by us).
import { readdirSync, readFileSync } from "node:fs";
import process from "node:process";

/** `gone` (no such pid), `zombie` (exited, not yet reaped) or `running`. */
export function processState(pid: number): "gone" | "zombie" | "running" {
  try {
    // /proc/<pid>/stat: "pid (comm) S ..." — the state letter follows the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z" ? "zombie" : "running";
  } catch {
    try {
      process.kill(pid, 0); // no /proc (macOS): a zombie still answers, so this errs on the side of "running"
      return "running";
    } catch {
      return "gone";
    }
  }
}

/** Whether the pid still exists at all, zombies included: false only once the process was reaped. */
export const isAlive = (pid: number): boolean => processState(pid) !== "gone";

/** Polls `condition` until it holds or `timeoutMs` passes (a liveness bound, not a timing assertion). */
export async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return condition();
}

/** Every process descended from `pid`, children first (from /proc; empty where there is none). */
export function descendantsOf(pid: number): number[] {
  const parent = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  for (const d of entries) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, ppid] of parent) if (ppid === p) (out.push(child), walk(child));
  };
  walk(pid);
  return out;
}
