// One shuffle for everything the round draws at random (mask order, peer labels): Fisher–Yates
// over node:crypto's randomInt, so no evaluator can predict or bias the order it is shown.
import { randomInt } from "node:crypto";

/** Shuffles `items` in place and returns it. */
export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    // Both indices are in bounds (0 ≤ j ≤ i < length); the type cannot say so.
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
