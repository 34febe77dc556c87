// Suite 6 (placeholder rows): the remote codex host arrives in a later issue. Its rows are declared here so the
// table, results.json and the README show them as pending — never as invented numbers — until the host exists and
// the measurements below are written. How each will be measured, so the later issue slots them in:
//   remote-thread   the 10-turn thread suite with a WebSocket transport to a local host on 127.0.0.1, as one more
//                   contender in thread/contenders.ts; reported as the ratio to the local app-server backend.
//   relay-events    the recorded 100k-event stream (pipeline/record.ts) relayed host → client over the WebSocket
//                   framing, events/s against the local pipeline suite's runExecTurn number.
//   host-memory     memory/child.ts with the app-server scenario through the host, sampling the host's RSS and
//                   the client's while 256 MiB of command output streams.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Row, Suite, SuiteResult } from "../lib/results.ts";

const PENDING: Array<{ id: string; label: string; unit: string }> = [
  { id: "remote-thread", label: "10-turn thread through the remote host (ratio to the local app-server backend)", unit: "×" },
  { id: "relay-events", label: "relay throughput, recorded 100k-event stream host → client", unit: "events/s" },
  { id: "host-memory", label: "RSS growth through the host while 256 MiB streams", unit: "MB" },
];

/** The remote host suite (pending). */
export const remoteSuite: Suite = {
  id: "remote",
  run(ctx): Promise<SuiteResult> {
    const hostExists = existsSync(join(ctx.root, "transports", "websocket.ts"));
    const note = hostExists
      ? "transports/websocket.ts exists: write this row's measurement in bench/remote/suite.ts"
      : "remote host not implemented yet (later issue)";
    const rows: Row[] = PENDING.map((p) => ({ label: p.label, status: "pending", value: null, unit: p.unit, note }));
    return Promise.resolve({
      id: "remote",
      title: "Remote host (pending: a later issue adds the host)",
      rows,
      checks: [],
      notes: [],
    });
  },
};
