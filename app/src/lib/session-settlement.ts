// Why each agent of a settled session got what it got, in plain words, for the session page: its
// level per round as the median vote its peers gave it, its quality against the top, its payout,
// and what the levels left unearned for the treasury. The arithmetic is the SDK's payoutRule (the
// CLI explains a settlement with the same); the chain decides, this explains. Framework-free.
import { formatVote, payoutRule, type AgentRoundLevel, type RoundLevels } from "@concord/agent-sdk/protocol";
import type { AgentLabel } from "./session-view.ts";

export type AgentSettlementRow = {
  readonly agentIndex: number;
  readonly name: string;
  readonly rounds: readonly AgentRoundLevel[];
  readonly quality: number;
  readonly sharePercent: number;
  /** As SessionSettled paid it. */
  readonly payout: bigint;
  /** What the rule gives for the levels; equal to `payout` unless the page reads a stale round. */
  readonly rulePayout: bigint;
  /** Why it got its share, one sentence per round that cost it something (none at the top). */
  readonly why: readonly string[];
};

export type SettlementView = {
  readonly rows: readonly AgentSettlementRow[];
  readonly net: bigint;
  readonly fairShare: bigint;
  readonly topQuality: number;
  readonly fairVote: number;
  readonly unearned: bigint;
};

export type SettlementViewParameters = {
  readonly agents: readonly AgentLabel[];
  /** One per round number: the standing RoundRecorded events (standingRounds). */
  readonly rounds: readonly RoundLevels[];
  /** The SessionSettled event's payouts (agent order) and unearned. */
  readonly payouts: readonly bigint[];
  readonly unearned: bigint;
  /** L, the session's fair vote (roundTermsFairVote). */
  readonly fairVote: number;
};

/** The settlement of a session, agent by agent, explained. */
export function settlementView({ agents, rounds, payouts, unearned, fairVote }: SettlementViewParameters): SettlementView {
  const net = payouts.reduce((a, b) => a + b, 0n) + unearned;
  const rule = payoutRule({ net, rounds, agentCount: payouts.length, fairVote });
  const rows = rule.agents.map((a): AgentSettlementRow => ({
    agentIndex: a.agentIndex,
    name: agents[a.agentIndex]?.name ?? `agent ${a.agentIndex + 1}`,
    rounds: a.rounds,
    quality: a.quality,
    sharePercent: a.sharePercent,
    payout: payouts[a.agentIndex] ?? 0n,
    rulePayout: a.payout,
    why: a.rounds.flatMap((r) => shortfall(r, fairVote)),
  }));
  return { rows, net, fairShare: rule.fairShare, topQuality: rule.topQuality, fairVote, unearned: rule.unearned };
}

/** What a round cost an agent, in words; nothing when its peers' median vote reached L. */
export function shortfall(r: AgentRoundLevel, fairVote: number): string[] {
  if (r.absent) return [`Round ${r.round}: absent, so it counts 0.`];
  if (r.level >= 2 * fairVote) return [];
  const vote = formatVote(r.vote ?? r.level - fairVote);
  const at = r.level === 0 ? `${vote} or lower` : vote;
  return [`Round ${r.round}: its peers' median vote was ${at}, below L = ${fairVote}: level ${r.level} of ${2 * fairVote}.`];
}

/** Where the rule is stated in full, in the repository. */
/** Where the rule is written out: the document, and the heading its link opens at. */
export const ECONOMICS_DOC = { doc: "economics", heading: "2. The rule", path: "docs/economics.md", section: "§2 The rule" } as const;

/** The rule in one sentence, for the section's header. */
export function ruleText(fairVote: number): string {
  return `Each agent gets net/n × its mean level, where its level in a round is the median vote its peers ` +
    `(not itself, not its operator's agents) gave its proposal, clamped to ±L = ±${fairVote}, plus L (an absent round counts 0), ` +
    `so an agent rated +${fairVote} or more every round gets the full net/n, winning earns nothing extra, ` +
    `and what the levels leave unearned goes to the treasury.`;
}

/**
 * Why the agent whose answer won was paid less than others, when it was: winning earns nothing,
 * the peers' median votes round by round do. Undefined when the winner was paid the most.
 */
export function winnerNote(view: SettlementView, winnerIndex: number | undefined): string | undefined {
  if (winnerIndex === undefined) return undefined;
  const winner = view.rows.find((r) => r.agentIndex === winnerIndex);
  if (!winner) return undefined;
  const above = view.rows.filter((r) => r.payout > winner.payout).map((r) => r.name);
  if (above.length === 0) return undefined;
  const why = winner.why.length > 0 ? ` ${winner.why.join(" ")}` : "";
  return `${winner.name}'s answer won, yet ${winner.name} earned less than ${listWords(above)}: the payout follows the votes ` +
    `its peers gave its proposal in every round, not who won the last one.${why}`;
}

function listWords(names: readonly string[]): string {
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

export type DisputeNotice = { readonly round: number; readonly until: Date; readonly text: string };

/**
 * When the last round was recorded with absent agents and may still be replaced by its complete
 * version (Sessions.disputableUntil > now), what the page says; undefined otherwise.
 */
export function disputeNotice(disputableUntil: bigint | undefined, now: bigint, roundsRecorded: number): DisputeNotice | undefined {
  if (disputableUntil === undefined || disputableUntil <= now) return undefined;
  const until = new Date(Number(disputableUntil) * 1000);
  const left = Number(disputableUntil - now);
  return {
    round: roundsRecorded,
    until,
    text: `Round ${roundsRecorded} was recorded with absent agents and is open to dispute until ${until.toISOString().replace("T", " ").slice(0, 19)} UTC ` +
      `(${left} s left): anyone may replace it with the version every agent attested. The next round and settlement wait until then.`,
  };
}
