// The AI SDK majors the model is tested with: `ai` 6 (Node ≥ 18) everywhere, `ai` 7 (engines: Node ≥ 22) on a
// Node that can run it — the Node 24 pass of `npm test` (.ci/node24). `ai-v7` is the npm alias of `ai@7` in
// devDependencies. Both majors accept the model's specification v3.
import { runtime } from "../helpers/runtime.ts";

export type Ai = typeof import("ai");

const nodeMajor = Number(globalThis.process?.versions?.node?.split(".")[0] ?? 0);

export interface AiMajor {
  name: string;
  /** Why this major cannot run here, or null when it can. */
  unavailable: string | null;
  load(): Promise<Ai>;
}

// a variable specifier keeps the type checker out of ai 7's declarations (they need @ai-sdk/provider 4)
const v7 = "ai-v7";

export const AI_MAJORS: AiMajor[] = [
  { name: "ai 6", unavailable: null, load: () => import("ai") },
  {
    name: "ai 7",
    unavailable: runtime === "node" && nodeMajor >= 22
      ? null
      : `ai 7 needs Node >= 22 (runs in the node24 pass), this is ${runtime} ${globalThis.process?.versions?.node}`,
    load: () => import(/* @vite-ignore */ v7) as Promise<Ai>,
  },
];
