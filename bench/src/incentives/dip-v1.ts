// The first DIP rule (support pro rata to positive QV scores, 20 % evaluator pool for backing the
// final winner), replaced on chain by the rule of dip.ts: kept so that `npm run bench:incentives
// -- --rule v1` reproduces what the best-response search found against it (docs/economics.md §5).
import { type Deliberation, type PayoutRule, roundOutcome } from "./payout-rule.ts";
import { INCENTIVE_BOUNTY, INCENTIVE_FEE_BPS } from "./dip.ts";

export const EVALUATOR_BPS = 2_000n;

interface DipV1Split {
  fee: bigint;
  payouts: bigint[];
  dust: bigint;
}

/** support[i]: agent i's positive QV support; backing[i]: its positive last-round vote for the winner. */
export function dipV1Settlement(bounty: bigint, feeBps: bigint, support: readonly bigint[], backing: readonly bigint[]): DipV1Split {
  const fee = (bounty * feeBps) / 10_000n;
  const net = bounty - fee;
  const supportTotal = support.reduce((a, b) => a + b, 0n);
  const backingTotal = backing.reduce((a, b) => a + b, 0n);
  const evaluatorPool = backingTotal === 0n ? 0n : (net * EVALUATOR_BPS) / 10_000n;
  const supportPool = net - evaluatorPool;
  const n = BigInt(support.length);
  const payouts = support.map((s, i) => {
    const fromSupport = supportTotal === 0n ? supportPool / n : (supportPool * s) / supportTotal;
    const fromBacking = backingTotal === 0n ? 0n : (evaluatorPool * backing[i]!) / backingTotal;
    return fromSupport + fromBacking;
  });
  const dust = net - payouts.reduce((a, b) => a + b, 0n);
  return { fee, payouts, dust };
}

/**
 * Support (Σ over rounds of each agent's positive score) and backing (each present evaluator's
 * positive last-round vote for the last round's winner), as the contract accumulates them.
 */
export function dipV1Weights(deliberation: Deliberation): { support: bigint[]; backing: bigint[] } {
  const { n, rounds } = deliberation;
  const support = new Array<bigint>(n).fill(0n);
  const backing = new Array<bigint>(n).fill(0n);
  rounds.forEach((round, r) => {
    const { scores, winner } = roundOutcome(n, round);
    for (const i of round.entries) if (scores[i]! > 0) support[i]! += BigInt(scores[i]!);
    if (r === rounds.length - 1) {
      for (const e of round.entries) backing[e] = BigInt(Math.max(round.votes[e]![winner]!, 0));
    }
  });
  return { support, backing };
}

/** The first rule, in ‰ of the net to 0.001 ‰. */
export const dipV1Rule: PayoutRule = {
  name: "first DIP rule (support pro rata, 20 % for backing the winner)",
  payouts(deliberation) {
    const { support, backing } = dipV1Weights(deliberation);
    const { fee, payouts } = dipV1Settlement(INCENTIVE_BOUNTY, INCENTIVE_FEE_BPS, support, backing);
    const net = INCENTIVE_BOUNTY - fee;
    return payouts.map((p) => Number((p * 1_000_000n) / net) / 1_000);
  },
};
