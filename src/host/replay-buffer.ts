/**
 * The per-channel replay buffer: every event a channel emits gets the next sequence number and stays here until the
 * client acknowledges it, so a client that reconnects gets every event exactly once, in order. The buffer is bounded
 * by flow control (the session stops reading codex when {@link ReplayBuffer.unackedBytes} reaches its window), and
 * a resume from before the acknowledged point is answered with an explicit gap.
 *
 * @module
 */
import type { ErrorCode } from "../gen/relay_pb.ts";
import type { ExitStatus } from "../errors.ts";

/** One event of a channel. */
export type ChannelEvent =
  | { seq: number; kind: "line"; line: string; bytes: number }
  | { seq: number; kind: "error"; code: ErrorCode; message: string; bytes: number }
  | { seq: number; kind: "exit"; status: ExitStatus; bytes: number };

/** What {@link ReplayBuffer.since} returns. */
export type Replay = { events: ChannelEvent[] } | { gap: { from: number; to: number } };

type NewEvent =
  | { kind: "line"; line: string; bytes: number }
  | { kind: "error"; code: ErrorCode; message: string; bytes: number }
  | { kind: "exit"; status: ExitStatus; bytes: number };

/**
 * Sequenced, acknowledged, replayable events.
 *
 * @example
 * ```ts
 * const buffer = new ReplayBuffer();
 * buffer.push({ kind: "line", line: "{}", bytes: 2 }); // 1
 * buffer.ack(1);
 * ```
 */
export class ReplayBuffer {
  #events: ChannelEvent[] = [];
  #head = 0;
  #bytes = 0;
  #acked = 0;
  #last = 0;

  /** The last sequence number handed out. */
  get lastSeq(): number {
    return this.#last;
  }

  /** The highest sequence number acknowledged. */
  get ackedSeq(): number {
    return this.#acked;
  }

  /** Bytes of the events not yet acknowledged. */
  get unackedBytes(): number {
    return this.#bytes;
  }

  /**
   * Appends an event.
   * @param event The event, without its number.
   * @returns Its sequence number.
   */
  push(event: NewEvent): number {
    const seq = ++this.#last;
    this.#events.push({ ...event, seq } as ChannelEvent);
    this.#bytes += event.bytes;
    return seq;
  }

  /**
   * Drops every event up to `seq`.
   * @param seq The last consumed event (values beyond the last event are capped).
   */
  ack(seq: number): void {
    const upTo = Math.min(seq, this.#last);
    if (upTo <= this.#acked) return;
    this.#acked = upTo;
    while (this.#head < this.#events.length && this.#events[this.#head]!.seq <= upTo) {
      this.#bytes -= this.#events[this.#head]!.bytes;
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#events.length) {
      this.#events = this.#events.slice(this.#head);
      this.#head = 0;
    }
  }

  /**
   * The events after `after`, or the gap when some of them were already dropped.
   * @param after The last event the client has.
   * @returns The events to replay, or the lost range.
   */
  since(after: number): Replay {
    if (after < this.#acked) return { gap: { from: after + 1, to: this.#acked } };
    // sequence numbers are contiguous: the first event after `after` is found by arithmetic, not by a scan
    const first = this.#events[this.#head]?.seq ?? this.#last + 1;
    return { events: this.#events.slice(this.#head + Math.max(0, after + 1 - first)) };
  }
}
