// What one 10-turn thread run reports, identically for every contender.

/** Milliseconds of one thread run. */
export interface ThreadTiming {
  /** From constructing the client to the last turn's end and shutdown (process start-up included). */
  totalMs: number;
  /** The first turn alone: includes starting codex (and, for app-server, the handshake and thread/start). */
  firstTurnMs: number;
  /** Turns 2…N: the steady state once everything is running. */
  steadyMs: number;
  /**
   * CPU time (user + system) of this Node process over the run: the SDK's own work, plus the in-process scripted
   * model, which is the same for every contender. Unlike wall time it hardly moves with other load on the machine,
   * so it resolves differences between SDKs far below the noise of codex's process start-up.
   */
  cpuMs: number;
}

/**
 * Times a thread: `start` builds the client, `turn(i)` runs turn i to completion, `stop` shuts down.
 *
 * @param turns Number of turns.
 * @param steps The three phases.
 * @returns The timing.
 */
export async function timeThread(
  turns: number,
  steps: { start(): Promise<void> | void; turn(i: number): Promise<void>; stop(): Promise<void> },
): Promise<ThreadTiming> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await steps.start();
  let firstEnd = t0;
  for (let i = 0; i < turns; i++) {
    await steps.turn(i);
    if (i === 0) firstEnd = performance.now();
  }
  const lastEnd = performance.now();
  await steps.stop();
  const end = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return { totalMs: end - t0, firstTurnMs: firstEnd - t0, steadyMs: lastEnd - firstEnd, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * The prompt of turn i (every contender sends the same text).
 *
 * @param i Turn index.
 * @returns The prompt.
 */
export const promptOf = (i: number): string => `Turn ${i + 1}: reply with one short sentence.`;
