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
  let resolve!: (turn: Turn) => void;
  let reject!: (error: unknown) => void;
  const turn = new Promise<Turn>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  turn.catch(() => {}); // nobody has to await it: an ignored failure must not become an unhandled rejection
  async function* events(): AsyncGenerator<ThreadEvent, void, undefined> {
    const items: ThreadItem[] = [];
    const all: ThreadEvent[] = [];
    let completed: TurnCompletedEvent | null = null;
    let failure: unknown = null;
    let ended = false;
    try {
      for await (const event of source) {
        all.push(event);
        if (event.type === "item.completed") items.push(event.item);
        else if (event.type === "turn.completed") completed = event;
        else if (event.type === "turn.failed") failure ??= new TurnFailedError(event.error.message, threadId());
        yield event;
      }
      ended = true;
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      if (failure !== null) reject(failure);
      else if (!ended) reject(new CodexStreamError("Cannot finish the turn: its events were not read to the end"));
      else {
        resolve(new Turn({
          items,
          events: all,
          usage: completed?.turn_usage ?? null,
          cumulativeUsage: completed?.usage ?? null,
          threadId: threadId(),
        }));
      }
    }
  }
  return { events: events(), turn };
}
