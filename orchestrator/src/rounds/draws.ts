// Everything a session draws at random (each evaluator's mask order, each proposer's peer labels)
// comes from one secret seed per session, kept in its snapshot: no agent can predict or bias a
// draw, and an orchestrator that resumes the session draws exactly what the previous owner drew,
// so a phase asked again asks the same question (a new one would draw a second, different answer).
import { createHmac, randomBytes } from "node:crypto";
import { bytesToHex, hexToBytes, type Hex } from "viem";

/** Shuffles `items` in place and returns it. */
export type Shuffle = <T>(items: T[]) => T[];

export interface Draws {
  /** The shuffle for one draw, named by its context: the same context always gives the same order. */
  shuffleFor(...context: (string | number)[]): Shuffle;
}

/** A fresh secret seed: 32 bytes from the system's CSPRNG. */
export function newDrawSeed(): Hex {
  return bytesToHex(randomBytes(32));
}

/**
 * Fisher–Yates over HMAC-SHA256(seed, context/counter) words, each index drawn by rejection
 * sampling (a word past the largest multiple of the range is skipped), so every order is equally likely.
 */
export function keyedDraws(seed: Hex): Draws {
  const key = hexToBytes(seed);
  return {
    shuffleFor(...context) {
      const label = context.join("/");
      return <T>(items: T[]): T[] => {
        let block = 0;
        let digest = Buffer.alloc(0);
        let next = 0;
        // Little-endian words, read explicitly: every machine that resumes the session draws alike.
        const word = (): number => {
          if (next === digest.length) {
            digest = createHmac("sha256", key).update(`${label}/${block++}`).digest();
            next = 0;
          }
          const w = digest.readUInt32LE(next);
          next += 4;
          return w;
        };
        for (let i = items.length - 1; i > 0; i--) {
          const range = i + 1;
          const limit = Math.floor(2 ** 32 / range) * range;
          let w = word();
          while (w >= limit) w = word();
          const j = w % range;
          // Both indices are in bounds (0 ≤ j ≤ i < length); the type cannot say so.
          [items[i], items[j]] = [items[j]!, items[i]!];
        }
        return items;
      };
    },
  };
}
