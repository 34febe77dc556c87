// Runs one concurrency measurement: bundles child.ts once (so the measured process runs plain JavaScript, without a
// TypeScript loader in its memory), starts it, samples its process tree from /proc while it runs, and returns the
// child's timing with the memory peaks.
//
// Scheduling: Linux groups CPU time by session (autogroup). Our transports start every codex in its own session
// (setsid, so a kill reaches codex's whole process group); the official SDK starts codex in the caller's session.
// On a machine with other work, N codex sessions get about N times the CPU share of one session, which swamped
// every other difference (4 threads: 5.7 s vs 50 s on this shared machine). So the child runs in a session of its
// own, like a service, and the official SDK's codex is started through `setsid` as well: every codex process is
// scheduled the same way and the comparison measures the SDKs.
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import type { ChildRequest, ChildResult } from "./child.ts";
import { type TreePeaks, TreeSampler } from "./proc-tree.ts";

/** One measured run. */
export type Measurement = ChildResult & { peaks: TreePeaks };

/**
 * Bundles the child into `.tmp/bench/` under the repository (inside the package, so `@codexkit/sdk` resolves to the
 * built dist through the package's own export map, as for a user).
 *
 * @param root The repository root.
 * @returns The bundled script's path.
 */
export async function bundleChild(root: string): Promise<string> {
  const dir = join(root, ".tmp", "bench");
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, "concurrency-child.mjs");
  await build({
    entryPoints: [join(root, "bench/concurrency/child.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "warning",
  });
  return outfile;
}

/**
 * Writes a launcher that runs codex in a session of its own (`setsid`), for a client that would start codex in the
 * caller's session (the official SDK).
 *
 * @param root The repository root.
 * @param codexPath The codex binary.
 * @returns The launcher's path (pass it as `codexPathOverride`).
 */
export function setsidLauncher(root: string, codexPath: string): string {
  const path = join(root, ".tmp", "bench", "codex-setsid.sh");
  writeFileSync(path, `#!/bin/sh\nexec setsid ${JSON.stringify(codexPath)} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

/**
 * @param script The bundled child.
 * @param root Where to run it (the repository root).
 * @param request What to measure.
 * @returns The child's timing and the tree's memory peaks.
 * @throws {Error} When the child fails.
 */
export function runChild(script: string, root: string, request: ChildRequest): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(request)], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own session (see above)
    });
    const sampler = new TreeSampler(child.pid!);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-4000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), 900_000);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      const peaks = sampler.stop();
      const last = stdout.trim().split("\n").at(-1);
      if (code !== 0 || !last) {
        reject(new Error(`Concurrency child ${request.contender} × ${request.threads} failed (${signal ?? code}): ${stderr}`));
        return;
      }
      resolve({ ...(JSON.parse(last) as ChildResult), peaks });
    });
  });
}
