// A per-server count of something held open (requests asking the agents, event streams): a slot is
// taken when there is room and given back once, so a flood holds no more than the limit at once.
import type { ApiContext } from "./api-route.ts";

/** Slots of one kind, counted per server (per ApiContext), at most `limit` held at once. */
export function serverSlots(limit: number): (ctx: ApiContext) => (() => void) | undefined {
  const held = new WeakMap<ApiContext, number>();
  /** A release function when there is room (call it once done; later calls do nothing), undefined when full. */
  return (ctx) => {
    const now = held.get(ctx) ?? 0;
    if (now >= limit) return undefined;
    held.set(ctx, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      held.set(ctx, (held.get(ctx) ?? 1) - 1);
    };
  };
}
