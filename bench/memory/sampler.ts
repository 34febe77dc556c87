// Samples resident memory while something runs: ours through process.memoryUsage().rss, codex's through
// /proc/<pid>/status (Linux), every few milliseconds, keeping the peaks.
import { readFileSync } from "node:fs";

/** Peaks seen so far, in bytes. */
export interface MemoryPeaks {
  /** Our process. */
  ours: number;
  /** The codex processes whose pids were registered (their sum at each sample). */
  codex: number;
}

/** RSS of a process from /proc (0 when it is gone or this is not Linux). */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0; // gone, or not Linux
  }
}

/** A running sampler. */
export class MemorySampler {
  readonly peaks: MemoryPeaks = { ours: 0, codex: 0 };
  readonly #pids = new Set<number>();
  readonly #timer: ReturnType<typeof setInterval>;

  /** @param intervalMs Time between samples. */
  constructor(intervalMs = 5) {
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.sample();
  }

  /** @param pid A codex process to include. */
  watch(pid: number): void {
    this.#pids.add(pid);
  }

  /** Takes one sample now. */
  sample(): void {
    this.peaks.ours = Math.max(this.peaks.ours, process.memoryUsage().rss);
    let codex = 0;
    for (const pid of this.#pids) codex += rssOf(pid);
    this.peaks.codex = Math.max(this.peaks.codex, codex);
  }

  /** Stops sampling (after one last sample). */
  stop(): MemoryPeaks {
    this.sample();
    clearInterval(this.#timer);
    return this.peaks;
  }
}
