// Peak resident memory of a process tree, read from /proc (Linux): the root process (the SDK's Node process) plus
// every descendant whose command is codex, summed at each sample. Other descendants (tsx's esbuild service, the
// shells codex runs) are not the SDK's or codex's cost and are left out. Parents are looked up once per pid, so a
// sample costs one readdir of /proc plus one small read per live codex.
import { readdirSync, readFileSync } from "node:fs";

const PAGE_BYTES = 4096;

/** What one run of a process tree peaked at. */
export interface TreePeaks {
  /** Peak of (root RSS + the codex processes' RSS), sampled together. */
  totalBytes: number;
  /** Peak RSS of the root process alone. */
  rootBytes: number;
  /** Peak of the codex processes' RSS sum. */
  codexBytes: number;
  /** Most codex processes alive at one sample. */
  maxCodexProcesses: number;
  /** Distinct codex processes seen. */
  codexProcesses: number;
  /** Samples taken. */
  samples: number;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null; // the process is gone
  }
}

// /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces or parentheses, so split at the last ")".
function parentOf(pid: number): { ppid: number; comm: string } | null {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return null;
  const close = stat.lastIndexOf(")");
  const comm = stat.slice(stat.indexOf("(") + 1, close);
  const ppid = Number(stat.slice(close + 2).split(" ")[1]);
  return { ppid, comm };
}

function rssOf(pid: number): number {
  const statm = read(`/proc/${pid}/statm`);
  return statm ? Number(statm.split(" ")[1]) * PAGE_BYTES : 0;
}

/** Samples a process tree's memory until stopped. */
export class TreeSampler {
  readonly #root: number;
  readonly #timer: ReturnType<typeof setInterval>;
  // pid → whether it belongs to the tree (true: counted as codex; false: a descendant not counted; absent: unknown)
  readonly #known = new Map<number, { inTree: boolean; codex: boolean }>();
  readonly #seenCodex = new Set<number>();
  readonly peaks: TreePeaks = { totalBytes: 0, rootBytes: 0, codexBytes: 0, maxCodexProcesses: 0, codexProcesses: 0, samples: 0 };

  /**
   * @param root The root pid (our SDK's process).
   * @param intervalMs Time between samples.
   */
  constructor(root: number, intervalMs = 10) {
    this.#root = root;
    this.#known.set(root, { inTree: true, codex: false });
    this.#timer = setInterval(() => this.sample(), intervalMs);
  }

  // Whether a pid descends from the root; fixed for a pid's life, so looked up once.
  #inTree(pid: number, depth = 0): boolean {
    const known = this.#known.get(pid);
    if (known) return known.inTree;
    const info = parentOf(pid);
    if (!info) return false; // gone before we read it: retried next time
    const inTree = info.ppid > 1 && depth < 16 && this.#inTree(info.ppid, depth + 1);
    this.#known.set(pid, { inTree, codex: false });
    return inTree;
  }

  // A forked child is "node" until it execs codex: the command is read again until it says codex.
  #isCodex(pid: number): boolean {
    const known = this.#known.get(pid)!;
    if (!known.codex) known.codex = read(`/proc/${pid}/comm`)?.trim() === "codex";
    return known.codex;
  }

  /** Takes one sample now. */
  sample(): void {
    const root = rssOf(this.#root);
    let codex = 0;
    let alive = 0;
    for (const name of readdirSync("/proc")) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || pid === this.#root) continue;
      if (!this.#inTree(pid) || !this.#isCodex(pid)) continue;
      const rss = rssOf(pid);
      if (rss === 0) continue;
      codex += rss;
      alive++;
      this.#seenCodex.add(pid);
    }
    const p = this.peaks;
    p.samples++;
    p.rootBytes = Math.max(p.rootBytes, root);
    p.codexBytes = Math.max(p.codexBytes, codex);
    p.totalBytes = Math.max(p.totalBytes, root + codex);
    p.maxCodexProcesses = Math.max(p.maxCodexProcesses, alive);
    p.codexProcesses = this.#seenCodex.size;
  }

  /** @returns The peaks, after one last sample. */
  stop(): TreePeaks {
    clearInterval(this.#timer);
    return this.peaks;
  }
}
