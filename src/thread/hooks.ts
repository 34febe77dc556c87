/**
 * Hooks for `thread.runWithHooks`: callbacks on every event, on item lifecycle and per item type.
 *
 * @module
 */
import type { ItemCompletedEvent, ParseErrorEvent, ThreadErrorEvent, ThreadEvent, TurnCompletedEvent } from "./events.ts";
import type { ThreadItem } from "./items.ts";

/** A value, or a promise of it: hooks may be synchronous or async. */
export type Awaitable<T> = T | Promise<T>;

/** Per-item-type callbacks, called when an item of that type completes. */
export type ItemTypeHooks = {
  [K in ThreadItem["type"]]?: (item: Extract<ThreadItem, { type: K }>, event: ItemCompletedEvent) => Awaitable<void>;
};

/**
 * Callbacks for a turn. Each is awaited before the next event is handled, so a hook sees events in order.
 */
export interface TurnHooks {
  /** Every event. */
  onEvent?: (event: ThreadEvent) => Awaitable<void>;
  /** `item.started`. */
  onItemStarted?: (item: ThreadItem) => Awaitable<void>;
  /** `item.updated`. */
  onItemUpdated?: (item: ThreadItem) => Awaitable<void>;
  /** `item.completed`. */
  onItemCompleted?: (item: ThreadItem) => Awaitable<void>;
  /** Completed items, by type, e.g. `{ command_execution: (cmd) => … }`. */
  onItem?: ItemTypeHooks;
  /** `turn.completed`. */
  onTurnCompleted?: (event: TurnCompletedEvent) => Awaitable<void>;
  /** Non-fatal `error` events and SDK `parse_error` events. */
  onError?: (event: ThreadErrorEvent | ParseErrorEvent) => Awaitable<void>;
}

/**
 * Calls the hooks that match one event.
 *
 * @param hooks The hooks.
 * @param event The event.
 * @returns When every matching hook has settled.
 * @example
 * ```ts
 * await dispatchHooks({ onEvent: console.log }, { type: "turn.started" });
 * ```
 */
export async function dispatchHooks(hooks: TurnHooks, event: ThreadEvent): Promise<void> {
  await hooks.onEvent?.(event);
  switch (event.type) {
    case "item.started":
      await hooks.onItemStarted?.(event.item);
      break;
    case "item.updated":
      await hooks.onItemUpdated?.(event.item);
      break;
    case "item.completed": {
      await hooks.onItemCompleted?.(event.item);
      const byType = hooks.onItem?.[event.item.type] as
        | ((item: ThreadItem, e: ItemCompletedEvent) => Awaitable<void>)
        | undefined;
      await byType?.(event.item, event);
      break;
    }
    case "turn.completed":
      await hooks.onTurnCompleted?.(event);
      break;
    case "error":
    case "parse_error":
      await hooks.onError?.(event);
      break;
  }
}
