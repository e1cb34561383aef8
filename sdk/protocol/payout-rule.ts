// The DIP settlement rule's arithmetic off chain, for whoever explains a settlement (the CLI, the
// dApp): from the levels the RoundRecorded events carry, each agent's quality, its share of the
// fixed share net/n and its payout, floored as Sessions.settle floors it (DipMath.payouts), and
// what the levels left unearned for the treasury. Nothing here decides a payout: the chain does;
// this says why (docs/economics.md).

/** One recorded round as its RoundRecorded event gives it (recordedRound): levels in agent order. */
export type RoundLevels = {
  readonly round: number;
  /** Each agent's level in [0, 2L]; 0 when absent. */
  readonly levels: readonly number[];
  /** Bitmap of the agents that attested, by agent index; without it an absent agent reads as level 0. */
  readonly present?: bigint;
};

export type PayoutRuleParameters = {
  /** bounty − fee: what the agents can earn (= Σ SessionSettled payouts + unearned). */
  readonly net: bigint;
  /** The session's rounds, one entry per round number (the standing RoundRecorded events: see standingRounds). */
  readonly rounds: readonly RoundLevels[];
  /** n, the session's agent count. */
  readonly agentCount: number;
  /** L, the session's fair vote (roundTermsFairVote). */
  readonly fairVote: number;
};

/** An agent's level in one round, and the median vote it stands for; `absent` rounds count 0. */
export type AgentRoundLevel = {
  readonly round: number;
  readonly level: number;
  /** level − L: its eligible evaluators' median vote clamped to [−L, L]; null when absent. */
  readonly vote: number | null;
  readonly absent: boolean;
};

export type AgentPayoutShare = {
  readonly agentIndex: number;
  readonly rounds: readonly AgentRoundLevel[];
  /** Σ levels over the rounds, in [0, R · 2L]. */
  readonly quality: number;
  /** quality / (R · 2L) in %: its share of the fixed share net/n (100 when every level was 2L). */
  readonly sharePercent: number;
  /** ⌊net · quality / (n · R · 2L)⌋, in the session's smallest unit. */
  readonly payout: bigint;
};

export type PayoutRuleReturnType = {
  readonly agents: readonly AgentPayoutShare[];
  /** The most an agent can earn: net/n (floored). */
  readonly fairShare: bigint;
  /** R · 2L: the quality of an agent rated at L or more every round. */
  readonly topQuality: number;
  /** net − Σ payouts: what the levels did not earn, with the rounding, to the treasury. */
  readonly unearned: bigint;
};

/** The median vote a level stands for: level − L (in [−L, L]). */
export function levelVote(level: number, fairVote: number): number {
  return level - fairVote;
}

/** Each agent's quality, share and payout under the DIP rule, as Sessions.settle computes them. */
export function payoutRule({ net, rounds, agentCount, fairVote }: PayoutRuleParameters): PayoutRuleReturnType {
  const r = rounds.length;
  const topQuality = r * 2 * fairVote;
  const denominator = BigInt(agentCount) * BigInt(topQuality);
  const agents = Array.from({ length: agentCount }, (_, i): AgentPayoutShare => {
    const perRound = rounds.map((round): AgentRoundLevel => {
      const level = round.levels[i] ?? 0;
      const absent = round.present !== undefined && ((round.present >> BigInt(i)) & 1n) === 0n;
      return { round: round.round, level, vote: absent ? null : levelVote(level, fairVote), absent };
    });
    const quality = perRound.reduce((sum, x) => sum + x.level, 0);
    return {
      agentIndex: i,
      rounds: perRound,
      quality,
      sharePercent: topQuality === 0 ? 0 : (100 * quality) / topQuality,
      payout: denominator === 0n ? 0n : (net * BigInt(quality)) / denominator,
    };
  });
  const paid = agents.reduce((sum, a) => sum + a.payout, 0n);
  return { agents, fairShare: agentCount === 0 ? 0n : net / BigInt(agentCount), topQuality, unearned: net - paid };
}

/** "+70", "0", "-12": a vote with its sign, as the explanations write it. */
export function formatVote(vote: number): string {
  return vote > 0 ? `+${vote}` : String(vote);
}
