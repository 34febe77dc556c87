// The four ways to run the same 10-turn thread: our SDK on both backends, the official SDK, and the bare loop.
// Every contender gets the same codex binary, the same scripted model config, the same working directory, and a
// fresh CODEX_HOME per run (created and removed outside the timed window).
import { Codex } from "@codexkit/sdk";
import type { ConfigObject } from "@codexkit/sdk";
import { Codex as OfficialCodex, type CodexOptions as OfficialOptions } from "@openai/codex-sdk";
import type { Contender } from "../lib/alternate.ts";
import { tempDir } from "../lib/codex-env.ts";
import { BareAppServer } from "./bare-loop.ts";
import { promptOf, type ThreadTiming, timeThread } from "./timing.ts";

/** What all contenders share. */
export interface ThreadEnv {
  /** The codex binary. */
  codexPath: string;
  /** Codex config pointing at the scripted model. */
  config: ConfigObject;
  /** Working directory of every thread. */
  workDir: string;
  /** Turns per thread. */
  turns: number;
}

function ours(env: ThreadEnv, backend: "exec" | "app-server"): Contender<ThreadTiming> {
  return {
    id: backend === "exec" ? "ours-exec" : "ours-app-server",
    async run() {
      await using home = await tempDir("home");
      let codex: Codex;
      let thread: ReturnType<Codex["startThread"]>;
      return await timeThread(env.turns, {
        start() {
          codex = new Codex({ codexPathOverride: env.codexPath, config: env.config, codexHome: home.path, backend });
          thread = codex.startThread({ skipGitRepoCheck: true, workingDirectory: env.workDir });
        },
        async turn(i) {
          await thread.run(promptOf(i));
        },
        stop: () => codex.close(),
      });
    },
  };
}

function official(env: ThreadEnv): Contender<ThreadTiming> {
  return {
    id: "official-sdk",
    async run() {
      await using home = await tempDir("home");
      let thread: ReturnType<OfficialCodex["startThread"]>;
      return await timeThread(env.turns, {
        start() {
          // `env` replaces the inherited environment in the official SDK, so CODEX_HOME travels inside it
          const codex = new OfficialCodex({
            codexPathOverride: env.codexPath,
            config: env.config as OfficialOptions["config"],
            env: { ...process.env, CODEX_HOME: home.path } as Record<string, string>,
          });
          thread = codex.startThread({ skipGitRepoCheck: true, workingDirectory: env.workDir });
        },
        async turn(i) {
          await thread.run(promptOf(i));
        },
        stop: async () => {},
      });
    },
  };
}

function bare(env: ThreadEnv): Contender<ThreadTiming> {
  return {
    id: "bare-loop",
    async run() {
      await using home = await tempDir("home");
      let server: BareAppServer;
      let threadId = "";
      return await timeThread(env.turns, {
        start() {
          server = new BareAppServer(env.codexPath, env.config, home.path);
        },
        async turn(i) {
          if (i === 0) {
            await server.handshake();
            threadId = await server.startThread(env.workDir);
          }
          await server.turn(threadId, promptOf(i));
        },
        stop: () => server.close(),
      });
    },
  };
}

/**
 * @param env The shared set-up.
 * @returns The contenders, in table order.
 */
export function threadContenders(env: ThreadEnv): Contender<ThreadTiming>[] {
  return [ours(env, "exec"), ours(env, "app-server"), official(env), bare(env)];
}

/** Table labels of the contender ids. */
export const CONTENDER_LABELS: Record<string, string> = {
  "ours-exec": "@codexkit/sdk, exec backend",
  "ours-app-server": "@codexkit/sdk, app-server backend",
  "official-sdk": "@openai/codex-sdk 0.163 (exec)",
  "bare-loop": "bare JSON-RPC loop over codex app-server",
};
