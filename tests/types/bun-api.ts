// Type test (tsc -p tests/types): the structural Bun API in transports/_bun-api.ts must be what bun-types says Bun
// provides. It is its own tsc project so bun-types' globals stay out of the main program.
/// <reference types="bun-types" />
import type { BunApi, BunSubprocess } from "../../transports/_bun-api.ts";

type Spawned = ReturnType<typeof Bun.spawn<"pipe", "pipe", "pipe">>;

export const api: BunApi = {
  spawn: (cmd, options): BunSubprocess => Bun.spawn(cmd, options) satisfies Spawned,
  serve: (options) => Bun.serve(options),
  env: Bun.env,
};
