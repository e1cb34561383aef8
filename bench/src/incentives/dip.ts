// The DIP settlement rule of docs/economics.md §2, written from the rule's text rather than from
// the contract: the contract tests compare it with SessionSettlement (test/support/dip.ts
// re-exports it), and the incentive search plays against it as `dipRule`.
import { type Deliberation, type PayoutRule, roundOutcome } from "./payout-rule.ts";

export const EVALUATOR_BPS = 2_000n;

export interface DipSplit {
  fee: bigint;
  payouts: bigint[];
  dust: bigint;
}

/** support[i]: agent i's positive QV support; backing[i]: its positive last-round vote for the winner. */
export function dipSettlement(bounty: bigint, feeBps: bigint, support: readonly bigint[], backing: readonly bigint[]): DipSplit {
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
export function dipWeights(deliberation: Deliberation): { support: bigint[]; backing: bigint[] } {
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

/** The review's setting: 1 ETH, a 1 % protocol fee; payouts are reported in ‰ of the net. */
export const INCENTIVE_BOUNTY = 10n ** 18n;
export const INCENTIVE_FEE_BPS = 100n;

/** Today's rule (docs/economics.md §2), in ‰ of the net to 0.001 ‰. */
export const dipRule: PayoutRule = {
  name: "DIP (docs/economics.md §2)",
  payouts(deliberation) {
    const { support, backing } = dipWeights(deliberation);
    const { fee, payouts } = dipSettlement(INCENTIVE_BOUNTY, INCENTIVE_FEE_BPS, support, backing);
    const net = INCENTIVE_BOUNTY - fee;
    return payouts.map((p) => Number((p * 1_000_000n) / net) / 1_000);
  },
};
