// Properties of the rule checked on chain with seeded random sessions: an agent's own ballot cannot
// move its own level or payout, and an operator's agents cannot raise one another (their votes for
// each other are refused; their levels depend on other operators' votes only).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import {
  deployWorld, openSession, packPlannedRound, randomPresent, randomVotes, recordPlannedRound, seededRandom, settleSession, type Random,
  type RoundPlan, type World,
} from "../support/session-world.ts";
import { recordCall } from "../support/contract-fixtures.ts";

const { viem } = await network.create();

const SEED = 0x0b5e_55ed;
const TRIALS = 8;

/** A random session shape: n, operators (with at least one group of two when `grouped`), credits, rounds. */
function randomShape(rng: Random, grouped: boolean) {
  const n = rng.int(3, 8);
  const groups = grouped ? rng.int(2, n - 1) : n;
  const operators = rng.shuffle(Array.from({ length: n }, (_, i) => (i < groups ? i : rng.int(0, groups - 1))));
  const credits = rng.next() < 0.3 ? 10_000 : rng.int(50, 10_000);
  const rounds = rng.int(1, 3);
  return { n, operators, credits, rounds };
}

/** Two sessions of the same shape and bounty, recorded with `plans` and `altered` plans, settled. */
async function twins(w: World, shape: ReturnType<typeof randomShape>, plans: RoundPlan[], altered: RoundPlan[]) {
  const overrides = { voteCredits: shape.credits, maxRounds: shape.rounds };
  const [a, b] = [await openSession(w, shape.operators, overrides), await openSession(w, shape.operators, overrides)];
  const levels: [number[][], number[][]] = [[], []];
  for (const [r, plan] of plans.entries()) {
    levels[0].push((await recordPlannedRound(w, a, r + 1, plan)).recorded.levels);
    levels[1].push((await recordPlannedRound(w, b, r + 1, altered[r]!)).recorded.levels);
  }
  const quality = [await w.sessions.read.quality([a.sessionId]), await w.sessions.read.quality([b.sessionId])] as const;
  const settled = [await settleSession(w, a), await settleSession(w, b)] as const;
  return { levels, quality, settled };
}

describe("Sessions", () => {
  describe("properties of the rule, on chain", () => {
    it(`an agent's own ballot changes neither its own level nor its payout (${TRIALS} random trials, seed 0x${SEED.toString(16)})`, async () => {
      const rng = seededRandom(SEED);
      const w = await deployWorld(viem);
      let othersMoved = 0;
      for (let trial = 0; trial < TRIALS; trial++) {
        const shape = randomShape(rng, rng.next() < 0.5);
        const j = rng.int(0, shape.n - 1);
        const plans: RoundPlan[] = [];
        const altered: RoundPlan[] = [];
        for (let r = 0; r < shape.rounds; r++) {
          const drawn = randomPresent(rng, shape.n, rng.next() < 0.6);
          const present = drawn.includes(j) ? drawn : [...drawn, j].sort((x, y) => x - y);
          const votes = randomVotes(rng, shape.n, shape.operators, present, shape.credits);
          const other = randomVotes(rng, shape.n, shape.operators, present, shape.credits)[j]!;
          plans.push({ present, votes });
          altered.push({ present, votes: votes.map((row, e) => (e === j ? other : row)) });
        }
        const { levels, quality, settled } = await twins(w, shape, plans, altered);
        const label = `trial ${trial} (agent ${j}, operators ${shape.operators}, credits ${shape.credits})`;
        for (let r = 0; r < shape.rounds; r++) assert.equal(levels[0][r]![j], levels[1][r]![j], `${label}, round ${r + 1}: own level`);
        assert.equal(quality[0][j], quality[1][j], `${label}: own quality`);
        assert.equal(settled[0].payouts[j], settled[1].payouts[j], `${label}: own payout`);
        if (quality[0].some((q, i) => q !== quality[1][i])) othersMoved += 1;
      }
      assert.ok(othersMoved >= TRIALS / 2, `the altered ballot moved others' quality in only ${othersMoved} trials: the trials test little`);
    });

    it(`an operator's agents cannot raise each other: their votes for each other are refused, their levels follow other operators' votes only (seed 0x${SEED.toString(16)})`, async () => {
      const rng = seededRandom(SEED + 1);
      const w = await deployWorld(viem);
      let outsidersMoved = 0;
      for (let trial = 0; trial < TRIALS; trial++) {
        const shape = randomShape(rng, true);
        const counts = new Map<number, number[]>();
        shape.operators.forEach((o, i) => counts.set(o, [...(counts.get(o) ?? []), i]));
        const group = [...counts.values()].find((members) => members.length > 1)!;
        const inGroup = (i: number) => group.includes(i);
        const plans: RoundPlan[] = [];
        const regrouped: RoundPlan[] = [];
        const outsiders: RoundPlan[] = [];
        for (let r = 0; r < shape.rounds; r++) {
          const present = Array.from({ length: shape.n }, (_, i) => i);
          const votes = randomVotes(rng, shape.n, shape.operators, present, shape.credits);
          const fresh = randomVotes(rng, shape.n, shape.operators, present, shape.credits);
          plans.push({ present, votes });
          // The group's members cast other ballots (for the other operators' agents).
          regrouped.push({ present, votes: votes.map((row, e) => (inGroup(e) ? fresh[e]! : row)) });
          // Everyone else casts other ballots: the group's levels may move.
          outsiders.push({ present, votes: votes.map((row, e) => (inGroup(e) ? row : fresh[e]!)) });
        }
        const label = `trial ${trial} (group ${group}, operators ${shape.operators})`;
        const same = await twins(w, shape, plans, regrouped);
        for (let r = 0; r < shape.rounds; r++) {
          for (const i of group) assert.equal(same.levels[0][r]![i], same.levels[1][r]![i], `${label}, round ${r + 1}: agent ${i}'s level`);
        }
        for (const i of group) assert.equal(same.settled[0].payouts[i], same.settled[1].payouts[i], `${label}: agent ${i}'s payout`);
        const moved = await twins(w, shape, plans, outsiders);
        if (group.some((i) => moved.quality[0][i] !== moved.quality[1][i])) outsidersMoved += 1;

        // A member's vote for another member of its operator is refused.
        const s = await openSession(w, shape.operators, { voteCredits: shape.credits, maxRounds: shape.rounds });
        const [e, c] = [group[0]!, group[1]!];
        const collusive = plans[0]!.votes.map((row) => [...row]);
        collusive[e]![c] = 1;
        collusive[e]!.forEach((_, t) => t !== c && (collusive[e]![t] = 0));
        const { packed } = await packPlannedRound(w, s, 1, { present: plans[0]!.present, votes: collusive });
        await viem.assertions.revertWithCustomError(
          w.sessions.write.recordRound(recordCall([s.sessionId, 1, packed], { account: w.orchestrator.account })), w.sessions, "SameOperatorVote",
        );
      }
      assert.ok(outsidersMoved >= TRIALS / 2, `other operators' ballots moved the group's quality in only ${outsidersMoved} trials`);
    });
  });
});
