// The behaviours the conformance suite asks a "codex" to play, twice: as one bash script that process transports
// spawn in place of codex (FAKE_MODE picks the behaviour), and as memory-transport scripts doing the same.
import type { MemoryScript } from "@codexkit/sdk/memory";

export const FAKE_CODEX = `#!/bin/bash
[ -n "$FAKE_MARKS" ] && : > "$FAKE_MARKS/run.$$"
case "$FAKE_MODE" in
  echo) while IFS= read -r line; do echo "got:$line"; done; echo "eof" ;;
  many) seq -f 'line-%g' 1 20000 ;;
  args) printf '%s\\n' "$@" ;;
  schema) while [ $# -gt 0 ]; do [ "$1" = --output-schema ] && { echo "path:$2"; echo "schema:$(cat "$2")"; }; shift; done ;;
  images) while [ $# -gt 0 ]; do [ "$1" = --image ] && { echo "path:$2"; echo "mode:$(stat -c %a "$2")"; echo "bytes:$(od -An -tu1 -v "$2" | tr -s ' \\n' ' ')"; }; shift; done ;;
  stderr) head -c 200000 /dev/zero | tr '\\0' 'x' >&2; echo "tail-marker" >&2; exit 3 ;;
  huge) head -c 20000000 /dev/zero | tr '\\0' 'a'; echo; echo after ;;
  endless) tr '\\0' 'a' < /dev/zero ;;
  utf8) printf '\\xc3'; sleep 0.05; printf '\\xa9t\\xc3\\xa9\\r\\n'; sleep 0.05; printf '\\xf0\\x9f'; sleep 0.05; printf '\\x98\\x80\\n' ;;
  sleeper) echo ready; exec sleep 1000 ;;
  stubborn) trap '' TERM; echo ready; while :; do sleep 0.1; done ;;
  # SIGTERM reaches the grandchild only if the whole group is signalled; the leader just waits for it.
  family) sleep 1000 & echo "child:$!"; wait ;;
  # The ignored SIGTERM is inherited by the grandchild: only the group SIGKILL escalation ends either of them.
  stubborn-family) trap '' TERM; sleep 1000 & echo "child:$!"; while :; do sleep 0.1; done ;;
  # The leader exits at once; a background grandchild keeps the inherited stderr open.
  orphan-stderr) sleep 1000 >/dev/null 2>&2 & echo "child:$!"; echo "bye" >&2; exit 0 ;;
  exit42) exit 42 ;;
  selfkill) kill -KILL $$ ;;
  selfterm) kill -TERM $$ ;;
  quick) exit 0 ;;
  sip) head -c 100 > /dev/null; exit 0 ;;
  *) export -p ;;
esac
`;

/** The behaviours, by name. */
export type Mode =
  | "echo"
  | "many"
  | "stderr"
  | "huge"
  | "endless"
  | "utf8"
  | "sleeper"
  | "exit42"
  | "selfkill"
  | "selfterm"
  | "quick"
  | "sip";

const encoder = new TextEncoder();
const tick = () => new Promise((r) => setTimeout(r, 0));

async function stream(p: Parameters<MemoryScript>[0], chunk: Uint8Array, total: number): Promise<void> {
  for (let sent = 0; sent < total && !p.killed.aborted; sent += chunk.length) {
    p.stdout(chunk.subarray(0, Math.min(chunk.length, total - sent)));
    await tick(); // let the reader run: a memory stream has no backpressure of its own
  }
}

/** The same behaviours for the memory transport (no processes: no argv, env, groups or SIGTERM to ignore). */
export const MEMORY_SCRIPTS: Record<Mode, MemoryScript> = {
  async echo(p) {
    for await (const line of p.stdinLines()) p.line(`got:${line}`);
    p.line("eof");
  },
  many(p) {
    for (let i = 1; i <= 20000; i++) p.line(`line-${i}`);
  },
  stderr(p) {
    p.stderr("x".repeat(200_000));
    p.stderr("tail-marker\n");
    p.exit(3);
  },
  async huge(p) {
    await stream(p, encoder.encode("a".repeat(64 * 1024)), 20_000_000);
    p.stdout("\nafter\n");
  },
  async endless(p) {
    await stream(p, encoder.encode("a".repeat(64 * 1024)), Infinity);
  },
  async utf8(p) {
    for (const bytes of [[0xc3], [0xa9, 0x74, 0xc3, 0xa9, 0x0d, 0x0a], [0xf0, 0x9f], [0x98, 0x80, 0x0a]]) {
      p.stdout(new Uint8Array(bytes));
      await tick();
    }
  },
  async sleeper(p) {
    p.line("ready");
    await new Promise((r) => p.killed.addEventListener("abort", r));
  },
  exit42: (p) => p.exit(42),
  selfkill: (p) => p.exit(null, "SIGKILL"),
  selfterm: (p) => p.exit(null, "SIGTERM"),
  quick: (p) => p.exit(0),
  async sip(p) {
    // read a little, then exit while the writer is still going
    const closed = p.stdinClosed.then(() => true);
    while (p.stdinText().length < 100 && !(await Promise.race([closed, tick().then(() => false)])));
    p.exit(0);
  },
};
