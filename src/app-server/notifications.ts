/**
 * Typed app-server notifications, with the thread/turn a notification belongs to and an unbounded-but-drained
 * async queue for iterating them.
 *
 * @module
 */
import type { ServerNotificationMap } from "../gen/protocol.ts";

/** One notification: `{ method, params }`, discriminated by `method`. */
export type AppServerNotification = {
  [M in keyof ServerNotificationMap]: { method: M; params: ServerNotificationMap[M] };
}[keyof ServerNotificationMap];

/** Which notifications to receive. */
export interface NotificationFilter {
  /** Only notifications of this thread. */
  threadId?: string;
  /** Only notifications of this turn (notifications without a turn id are dropped). */
  turnId?: string;
  /** Only these methods. */
  methods?: readonly string[];
}

function field(params: unknown, key: string, nested: string): string | undefined {
  if (typeof params !== "object" || params === null) return undefined;
  const p = params as Record<string, unknown>;
  if (typeof p[key] === "string") return p[key] as string;
  const inner = p[nested];
  if (typeof inner === "object" && inner !== null && typeof (inner as { id?: unknown }).id === "string") {
    return (inner as { id: string }).id;
  }
  return undefined;
}

/**
 * Extracts the thread id a notification concerns.
 * @param params Notification params.
 * @returns The thread id it concerns (`threadId`, or `thread.id`), if any.
 * @example
 * ```ts
 * threadIdOf({ thread: { id: "t1" } }); // "t1"
 * ```
 */
export function threadIdOf(params: unknown): string | undefined {
  return field(params, "threadId", "thread");
}

/**
 * Extracts the turn id a notification concerns.
 * @param params Notification params.
 * @returns The turn id it concerns (`turnId`, or `turn.id`), if any.
 * @example
 * ```ts
 * turnIdOf({ turnId: "u1" }); // "u1"
 * ```
 */
export function turnIdOf(params: unknown): string | undefined {
  return field(params, "turnId", "turn");
}

/**
 * Checks whether a notification passes a {@link NotificationFilter}.
 * @param filter The filter.
 * @param method The notification's method.
 * @param params Its params.
 * @returns Whether the notification passes.
 * @example
 * ```ts
 * matchesFilter({ threadId: "t1" }, "turn/started", { threadId: "t1", turn: { id: "u" } }); // true
 * ```
 */
export function matchesFilter(filter: NotificationFilter, method: string, params: unknown): boolean {
  if (filter.methods && !filter.methods.includes(method)) return false;
  if (filter.threadId !== undefined && threadIdOf(params) !== filter.threadId) return false;
  if (filter.turnId !== undefined && turnIdOf(params) !== filter.turnId) return false;
  return true;
}

/**
 * A push-to-pull queue: producers `push`, one consumer iterates; `end` or `fail` finish the iteration.
 *
 * @example
 * ```ts
 * const q = new AsyncQueue<number>(); q.push(1); q.end();
 * for await (const n of q) console.log(n);
 * ```
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #waiter: (() => void) | null = null;
  #done = false;
  #error: unknown = null;
  #onReturn: (() => void) | null = null;

  /**
   * Sets what runs when an iteration stops, early (`break`, a throw in the loop) or at the end: a subscription
   * feeding the queue unsubscribes there, so a consumer that leaves leaves nothing subscribed.
   * @param callback Called once per finished iteration.
   */
  onReturn(callback: () => void): void {
    this.#onReturn = callback;
  }

  /**
   * Appends an item for the consumer.
   * @param item Appended unless the queue ended.
   */
  push(item: T): void {
    if (this.#done) return;
    this.#items.push(item);
    this.#wake();
  }

  /** Ends the iteration after the buffered items. */
  end(): void {
    this.#done = true;
    this.#wake();
  }

  /**
   * Ends the iteration with an error.
   * @param error Thrown to the consumer after the buffered items.
   */
  fail(error: unknown): void {
    this.#error = error;
    this.end();
  }

  #wake(): void {
    const w = this.#waiter;
    this.#waiter = null;
    w?.();
  }

  /** Yields the buffered and future items until the queue ends, then throws the failure, if any. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    try {
      while (true) {
        if (this.#items.length > 0) {
          yield this.#items.shift()!;
          continue;
        }
        if (this.#done) {
          if (this.#error) throw this.#error;
          return;
        }
        await new Promise<void>((resolve) => (this.#waiter = resolve));
      }
    } finally {
      this.#onReturn?.();
    }
  }
}
