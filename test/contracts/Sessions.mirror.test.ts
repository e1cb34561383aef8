// The contract equals the mirror: seeded random sessions (2..10 agents, operator groups, absent
// agents, vote credits other than 10 000, several rounds) recorded on Sessions, each round's levels
// (RoundRecorded, sdk decoder) and quality() compared with roundLevels / dipQuality, and the
// settlement with dipSettlement, to the wei. This guards the assembly of RoundMath (tally,
// medians, levels) and DipMath against the rule's text.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { roundTermsFairVote, roundTermsWeights } from "@concord/agent-sdk/protocol";
import { roundOutcome, type RoundBallots } from "@concord/bench/incentives/payout-rule.ts";
import { FEE_BPS } from "../support/contract-fixtures.ts";
import { dipQuality, dipSettlement, endorsedInRoundOne, evaluationWeight, fairVote, presentInRoundOne, roundLevels } from "../support/dip.ts";
import {
  deployWorld, OPERATORS, openSession, randomPresent, randomVotes, recordPlannedRound, seededRandom, settleSession,
} from "../support/session-world.ts";

const { viem } = await network.create();

const SEED = Number(process.env.CONCORD_MIRROR_SEED ?? 0x5eed_c0de);
/** Every n from 2 to 10 once, then more of the sizes where the median's parity and groups vary. */
const SIZES = [2, 3, 4, 5, 6, 7, 8, 9, 10, 3, 4, 5, 8, 10, 3, 4, 5, 8, 10, 3, 5, 8, 10, 6];

describe("Sessions", () => {
  describe("the contract equals the mirror (test/support/dip.ts)", () => {
    it(`records the mirror's levels and quality and settles its payouts on ${SIZES.length} random sessions (seed 0x${SEED.toString(16)})`, async () => {
      const rng = seededRandom(SEED);
      const w = await deployWorld(viem);
      let partialRounds = 0;
      let uncounted = 0;
      let sharedSessions = 0;
      let clamped = 0;
      // Each agent's history as the mirror keeps it: it sets the next session's weights.
      const histories = new Map<bigint, { sessions: number; endorsed: number }>();
      const historyOf = (id: bigint) => histories.get(id) ?? { sessions: 0, endorsed: 0 };
      for (const [index, n] of SIZES.entries()) {
        const label = `session ${index + 1} (seed 0x${SEED.toString(16)}, n = ${n})`;
        // Operator groups: one operator per agent, a few operators, or (rarely) one for all.
        const groups = rng.next() < 0.35 ? n : rng.next() < 0.1 ? 1 : rng.int(Math.min(2, n), n);
        const operators = Array.from({ length: n }, (_, i) => (i < groups ? i : rng.int(0, groups - 1)) % OPERATORS);
        rng.shuffle(operators);
        if (new Set(operators).size < n) sharedSessions += 1;
        const credits = rng.next() < 0.3 ? 10_000 : rng.int(1, 10_000);
        const rounds = rng.int(1, 4);
        const bounty = 10n ** 18n + BigInt(rng.int(0, 1_000_000_007));
        const s = await openSession(w, operators, { voteCredits: credits, maxRounds: rounds, bounty });
        const l = fairVote(credits, n);
        const terms = await w.sessions.read.roundTerms([s.sessionId]);
        assert.equal(roundTermsFairVote(terms), l, `${label}: L`);
        const weights = s.agentIds.map((id) => evaluationWeight(historyOf(id)));
        assert.deepEqual(roundTermsWeights(terms), weights, `${label}: weights from the agents' histories`);

        const recorded: RoundBallots[] = [];
        for (let r = 0; r < rounds; r++) {
          const present = randomPresent(rng, n, rng.next() < 0.5);
          if (present.length < n) partialRounds += 1;
          const votes = randomVotes(rng, n, operators, present, credits);
          const { recorded: event, entries, tieStart } = await recordPlannedRound(w, s, r + 1, { present, votes });
          recorded.push({ entries, votes });
          const deliberation = { n, credits, operators, rounds: recorded };
          const levels = roundLevels(deliberation, r);
          assert.deepEqual(event.levels, levels, `${label}, round ${r + 1}: levels (operators ${operators}, present ${present}, votes ${JSON.stringify(votes)})`);
          const outcome = roundOutcome(n, { entries, votes, tieStart }, weights);
          assert.deepEqual(event.scores, outcome.scores.map(BigInt), `${label}, round ${r + 1}: scores`);
          assert.equal(event.winnerIndex, outcome.winner, `${label}, round ${r + 1}: winner`);
          assert.equal(event.present, present.reduce((bits, i) => bits | (1n << BigInt(i)), 0n), `${label}, round ${r + 1}: present`);
          clamped += levels.filter((level) => level === 0 || level === 2 * l).length;
          assert.deepEqual(await w.sessions.read.quality([s.sessionId]), dipQuality(deliberation), `${label}, round ${r + 1}: quality`);
        }

        const quality = dipQuality({ n, credits, operators, rounds: recorded });
        const expected = dipSettlement(bounty, FEE_BPS, quality, rounds, l);
        const settled = await settleSession(w, s);
        assert.deepEqual(settled.payouts, expected.payouts, `${label}: payouts`);
        assert.equal(settled.fee, expected.fee, `${label}: fee`);
        assert.equal(settled.unearned, expected.unearned, `${label}: unearned`);
        assert.equal(settled.payouts.reduce((a, b) => a + b, 0n) + settled.fee + settled.unearned, bounty);
        const endorsed = endorsedInRoundOne({ n, credits, operators, rounds: recorded });
        const counted = presentInRoundOne({ n, credits, operators, rounds: recorded });
        for (const [i, id] of s.agentIds.entries()) {
          const before = historyOf(id);
          // An agent absent from round 1 keeps its history as it was.
          if (counted[i]) histories.set(id, { sessions: before.sessions + 1, endorsed: before.endorsed + (endorsed[i] ? 1 : 0) });
          else uncounted++;
          const after = historyOf(id);
          const [sessions, endorsedCount, weight] = await w.sessions.read.history([id]);
          assert.deepEqual([sessions, endorsedCount, weight], [BigInt(after.sessions), BigInt(after.endorsed), BigInt(evaluationWeight(after))], `${label}: agent ${id}'s history`);
        }
      }
      // The seed must reach what the test claims to cover.
      assert.ok(partialRounds >= 5, `only ${partialRounds} rounds with absent agents`);
      assert.ok(uncounted >= 3, `only ${uncounted} settlements of an agent absent from round 1`);
      assert.ok(sharedSessions >= 5, `only ${sharedSessions} sessions with operator groups`);
      assert.ok(clamped >= 5, `only ${clamped} levels at 0 or 2L`);
      const weighted = [...histories.values()].filter((h) => evaluationWeight(h) > 1).length;
      assert.ok(weighted >= 3, `only ${weighted} agents reached a weight above 1`);
    });

    it("gives level 0 to a present agent nobody may rate (one operator for all, or its only raters absent), as the mirror does", async () => {
      const w = await deployWorld(viem);
      // Agents 0 and 1 share operator 0; agent 2 (operator 1) is absent from round 1, so 0 and 1
      // have no eligible evaluator there; in round 2 agent 2 rates them (L = ⌊√5 000⌋ = 70).
      const s = await openSession(w, [0, 0, 1], { maxRounds: 2 });
      const round1 = { present: [0, 1], votes: [[0, 0, 0], [0, 0, 0], [0, 0, 0]] };
      const round2 = { present: [0, 1, 2], votes: [[0, 0, 90], [0, 0, -50], [80, -20, 0]] };
      const first = await recordPlannedRound(w, s, 1, round1);
      assert.deepEqual(first.recorded.levels, [0, 0, 0]);
      const second = await recordPlannedRound(w, s, 2, round2);
      // Agent 0: median {80} → clamped 70 → 140; agent 1: {−20} → 50; agent 2: median of {90, −50}, their mean 20 → 90.
      assert.deepEqual(second.recorded.levels, [140, 50, 90]);
      const deliberation = { n: 3, operators: [0, 0, 1], rounds: [{ entries: first.entries, ...round1 }, { entries: second.entries, ...round2 }] };
      assert.deepEqual([roundLevels(deliberation, 0), roundLevels(deliberation, 1)], [[0, 0, 0], [140, 50, 90]]);
      assert.deepEqual(await w.sessions.read.quality([s.sessionId]), [140n, 50n, 90n]);

      const alone = await openSession(w, [3, 3, 3, 3], { maxRounds: 1 });
      const votes = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]];
      assert.deepEqual((await recordPlannedRound(w, alone, 1, { present: [0, 1, 2, 3], votes })).recorded.levels, [0, 0, 0, 0]);
      const settled = await settleSession(w, alone);
      const expected = dipSettlement(alone.params.bounty, FEE_BPS, [0n, 0n, 0n, 0n], 1, fairVote(10_000, 4));
      assert.deepEqual(settled.payouts, expected.payouts);
      assert.equal(settled.unearned, alone.params.bounty - settled.fee);
    });
  });
});
