/**
 * A streamed turn: its events as they happen, and the finished {@link Turn} once they have all been read.
 *
 * @module
 */
import { CodexStreamError, TurnFailedError } from "../errors.ts";
import type { ThreadEvent, TurnCompletedEvent } from "./events.ts";
import type { ThreadItem } from "./items.ts";
import { Turn } from "./turn.ts";

/** What `runStreamed` returns: the turn's events, and the finished turn. */
export interface StreamedTurn {
  /** The events, in order. codex starts when iteration starts; breaking out of the loop stops codex. */
  events: AsyncGenerator<ThreadEvent, void, undefined>;
  /**
   * The finished turn (items, `finalResponse`, usage), as `thread.run` returns it. Settles once `events` has been
   * read to the end: it rejects with {@link TurnFailedError} when codex reported `turn.failed`, with the stream's
   * error when it failed, and with {@link CodexStreamError} when the loop was left before the end. Iterate
   * `events` first; awaiting `turn` alone does not start codex.
   */
  turn: Promise<Turn>;
}

/**
 * Collects a turn's events as they are read and settles the finished {@link Turn}. A generator that already loops
 * over the events records them itself (one async step per event instead of two); {@link streamTurn} wraps any stream.
 *
 * @example
 * ```ts
 * const recorder = new TurnRecorder(() => thread.id);
 * // in the loop: recorder.record(event); after it: recorder.end(); on error: recorder.fail(error)
 * ```
 */
export class TurnRecorder {
  /** The finished turn; see {@link StreamedTurn.turn}. */
  readonly turn: Promise<Turn>;
  readonly #threadId: () => string | null;
  readonly #items: ThreadItem[] = [];
  readonly #all: ThreadEvent[] = [];
  #completed: TurnCompletedEvent | null = null;
  #failure: unknown = null;
  #resolve!: (turn: Turn) => void;
  #reject!: (error: unknown) => void;

  /**
   * @param threadId The thread's id when the turn ends (known only once codex reports `thread.started`).
   */
  constructor(threadId: () => string | null) {
    this.#threadId = threadId;
    this.turn = new Promise<Turn>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.turn.catch(() => {}); // nobody has to await it: an ignored failure must not become an unhandled rejection
  }

  /**
   * Records one event, before it is handed to the reader.
   * @param event The event.
   */
  record(event: ThreadEvent): void {
    this.#all.push(event);
    if (event.type === "item.completed") this.#items.push(event.item);
    else if (event.type === "turn.completed") this.#completed = event;
    else if (event.type === "turn.failed") this.#failure ??= new TurnFailedError(event.error.message, this.#threadId());
  }

  /**
   * The stream failed.
   * @param error Why.
   */
  fail(error: unknown): void {
    this.#failure = error;
  }

  /**
   * Settles the turn once the stream is over.
   * @param ended Whether every event was read (`false` when the reader left the loop early).
   */
  settle(ended: boolean): void {
    if (this.#failure !== null) this.#reject(this.#failure);
    else if (!ended) this.#reject(new CodexStreamError("Cannot finish the turn: its events were not read to the end"));
    else {
      this.#resolve(new Turn({
        items: this.#items,
        events: this.#all,
        usage: this.#completed?.turn_usage ?? null,
        cumulativeUsage: this.#completed?.usage ?? null,
        threadId: this.#threadId(),
      }));
    }
  }
}

/**
 * Wraps a turn's event stream so that, alongside the events, it yields the finished {@link Turn}.
 *
 * @param source The turn's events.
 * @param threadId The thread's id when the turn ends (it is known only once codex reports `thread.started`).
 * @returns The events and the turn promise.
 * @example
 * ```ts
 * const { events, turn } = streamTurn(backendEvents, () => thread.id);
 * for await (const event of events) console.log(event.type);
 * console.log((await turn).finalResponse);
 * ```
 */
export function streamTurn(source: AsyncIterable<ThreadEvent>, threadId: () => string | null): StreamedTurn {
  const recorder = new TurnRecorder(threadId);
  async function* events(): AsyncGenerator<ThreadEvent, void, undefined> {
    let ended = false;
    try {
      for await (const event of source) {
        recorder.record(event);
        yield event;
      }
      ended = true;
    } catch (error) {
      recorder.fail(error);
      throw error;
    } finally {
      recorder.settle(ended);
    }
  }
  return { events: events(), turn: recorder.turn };
}
