// The ballots one agent can sign over k targets: integer votes with Σ v² ≤ credits (what the
// contract accepts). The search enumerates two grids of them, and draws seeded random ones.
import { endorsementsToVotes, MAX_VOTE_CREDITS } from "@concord/agent-sdk/protocol";

export const CREDITS = MAX_VOTE_CREDITS;
const MAX_VOTE = Math.floor(Math.sqrt(CREDITS));

export type Ballot = readonly number[];

/** Every vote vector with coordinates in {−100, −100 + step, …, 100} and Σ v² ≤ credits. */
export function voteGrid(k: number, step: number): Ballot[] {
  const values: number[] = [];
  for (let v = -MAX_VOTE; v <= MAX_VOTE; v += step) values.push(v);
  const out: Ballot[] = [];
  const walk = (prefix: number[], spent: number) => {
    if (prefix.length === k) return void out.push(prefix.slice());
    for (const v of values) {
      if (spent + v * v > CREDITS) continue;
      prefix.push(v);
      walk(prefix, spent + v * v);
      prefix.pop();
    }
  };
  walk([], 0);
  return out;
}

/**
 * The votes of every endorsement vector on a grid of `step` in [−100, 100]^k, through the SDK's
 * endorsementsToVotes (each spends its credits as an honest agent's would).
 */
export function endorsementGrid(k: number, step: number): Ballot[] {
  const values: number[] = [];
  for (let w = -100; w <= 100; w += step) values.push(w);
  const out: Ballot[] = [];
  const walk = (prefix: number[]) => {
    if (prefix.length === k) return void out.push(endorsementsToVotes(prefix, BigInt(CREDITS)));
    for (const w of values) {
      prefix.push(w);
      walk(prefix);
      prefix.pop();
    }
  };
  walk([]);
  return out;
}

const grids = new Map<string, Ballot[]>();

/** The union of a vote grid and an endorsement grid, without repeats (cached). */
export function ballotGrid(k: number, voteStep: number, endorsementStep: number): Ballot[] {
  const key = `${k}/${voteStep}/${endorsementStep}`;
  let grid = grids.get(key);
  if (!grid) {
    const seen = new Set<string>();
    grid = [...voteGrid(k, voteStep), ...endorsementGrid(k, endorsementStep)].filter((b) => {
      const id = b.join(",");
      return seen.has(id) ? false : (seen.add(id), true);
    });
    grids.set(key, grid);
  }
  return grid;
}

export function withinCredits(ballot: Ballot): boolean {
  return ballot.reduce((s, v) => s + v * v, 0) <= CREDITS;
}

/** A seeded PRNG (mulberry32): the same seed, the same samples. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A random ballot: half the time uniform among integer vote vectors within the credits, half the
 * time the votes of uniform random integer endorsements (a ballot that spends all its credits).
 */
export function randomBallot(k: number, random: () => number): Ballot {
  const int = () => Math.floor(random() * (2 * MAX_VOTE + 1)) - MAX_VOTE;
  if (random() < 0.5) return endorsementsToVotes(Array.from({ length: k }, int), BigInt(CREDITS));
  for (;;) {
    const ballot = Array.from({ length: k }, int);
    if (withinCredits(ballot)) return ballot;
  }
}
