/**
 * Reads codex session rollouts (`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-…-<thread id>.jsonl`) with `node:`
 * built-ins (available on Node, Deno and Bun).
 *
 * @module
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import type { Usage } from "../src/thread/events.ts";
import type { LaunchOptions } from "../src/options.ts";

/**
 * Resolves the CODEX_HOME directory codex will use.
 * @param options Launch options (`codexHome`, `env`).
 * @param baseEnv The inherited environment.
 * @returns The CODEX_HOME codex will use.
 */
export function codexHomeOf(options: LaunchOptions, baseEnv: Record<string, string | undefined> = process.env): string {
  return options.codexHome ?? (options.env ?? baseEnv).CODEX_HOME ?? join(homedir(), ".codex");
}

async function sortedDirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()
      .reverse();
  } catch {
    return [];
  }
}

/**
 * Finds a thread's rollout file, newest days first.
 *
 * @param codexHome The CODEX_HOME.
 * @param threadId The thread id.
 * @returns The path, or `null`.
 */
export async function findRollout(codexHome: string, threadId: string): Promise<string | null> {
  const root = join(codexHome, "sessions");
  for (const y of await sortedDirs(root)) {
    for (const m of await sortedDirs(join(root, y))) {
      for (const d of await sortedDirs(join(root, y, m))) {
        const dir = join(root, y, m, d);
        const hit = (await readdir(dir).catch(() => [] as string[])).find((f) => f.endsWith(`-${threadId}.jsonl`));
        if (hit) return join(dir, hit);
      }
    }
  }
  return null;
}

/**
 * The last `total_token_usage` a rollout recorded.
 *
 * @param options Launch options (`codexHome`, `env`).
 * @param threadId The thread id.
 * @param baseEnv The environment codex inherits (for `CODEX_HOME`). Default: this process's.
 * @returns The total, or `null` when the rollout or its usage is missing.
 */
export async function readRolloutUsage(
  options: LaunchOptions,
  threadId: string,
  baseEnv?: Record<string, string | undefined>,
): Promise<Usage | null> {
  const file = await findRollout(codexHomeOf(options, baseEnv), threadId);
  if (!file) return null;
  const lines = (await readFile(file, "utf8")).split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (!line.includes('"token_count"')) continue;
    try {
      const total = JSON.parse(line)?.payload?.info?.total_token_usage;
      if (total && typeof total.input_tokens === "number") {
        return {
          input_tokens: total.input_tokens,
          cached_input_tokens: total.cached_input_tokens ?? 0,
          cache_write_input_tokens: total.cache_write_input_tokens ?? 0,
          output_tokens: total.output_tokens ?? 0,
          reasoning_output_tokens: total.reasoning_output_tokens ?? 0,
        };
      }
    } catch {
      // a torn last line while codex writes; keep looking
    }
  }
  return null;
}

const ROLLOUT = /^rollout-.*-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/;

/**
 * The id of the most recently updated recorded thread — the session `codex exec resume --last --all` continues:
 * the rollout under `$CODEX_HOME/sessions` written last (archived sessions live elsewhere and do not count).
 *
 * @param options Launch options (`codexHome`, `env`).
 * @param baseEnv The environment codex inherits (for `CODEX_HOME`). Default: this process's.
 * @returns The thread id, or `null` when there is no recorded session.
 */
export async function findLatestRolloutThread(
  options: LaunchOptions,
  baseEnv?: Record<string, string | undefined>,
): Promise<string | null> {
  const root = join(codexHomeOf(options, baseEnv), "sessions");
  let best: { id: string; mtimeMs: number } | null = null;
  for (const y of await sortedDirs(root)) {
    for (const m of await sortedDirs(join(root, y))) {
      for (const d of await sortedDirs(join(root, y, m))) {
        const dir = join(root, y, m, d);
        for (const name of await readdir(dir).catch(() => [] as string[])) {
          const id = ROLLOUT.exec(name)?.[1];
          if (!id) continue;
          const { mtimeMs } = await stat(join(dir, name)).catch(() => ({ mtimeMs: -1 }));
          if (!best || mtimeMs > best.mtimeMs) best = { id, mtimeMs };
        }
      }
    }
  }
  return best?.id ?? null;
}
