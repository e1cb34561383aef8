// A reference implementation of the DIP settlement rule (docs/economics.md), written from the
// rule's text rather than from the contract, for the contract tests to compare against.
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
