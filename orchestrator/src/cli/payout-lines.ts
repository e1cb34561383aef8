// Why each agent got what it got, in the terminal: per agent its level per round written as the
// median vote it stands for, its quality as a share of the top, its payout; then the rule in one
// line. The arithmetic is the SDK's payoutRule (the dApp explains a settlement with the same).
import { formatEther } from "viem";
import { formatVote, payoutRule, type RoundLevels } from "@concord/agent-sdk/protocol";

export type PayoutLinesParameters = {
  /** Display names, in agent order. */
  names: readonly string[];
  /** The SessionSettled payouts, in agent order. */
  payouts: readonly bigint[];
  unearned: bigint;
  /** The session's rounds as the chain has them (one per round number). */
  rounds: readonly RoundLevels[];
  /** L, the session's fair vote. */
  fairVote: number;
  /** Appended to each payout line (e.g. where the payout goes). */
  payoutSuffix?: (agentIndex: number) => string;
};

/**
 * `  payout ada      0.33 ETH` then `    median votes r1 +70 r2 +50 · quality 240/280 (86 % of the top)`
 * per agent, and a last line with the rule and what went unearned to the treasury.
 */
export function payoutLines({ names, payouts, unearned, rounds, fairVote, payoutSuffix }: PayoutLinesParameters): string[] {
  const net = payouts.reduce((a, b) => a + b, 0n) + unearned;
  const rule = payoutRule({ net, rounds, agentCount: payouts.length, fairVote });
  const width = Math.max(8, ...names.map((n) => n.length));
  const lines: string[] = [];
  payouts.forEach((payout, i) => {
    const agent = rule.agents[i]!;
    lines.push(`  payout ${names[i]!.padEnd(width)} ${formatEther(payout)} ETH${payoutSuffix?.(i) ?? ""}`);
    const votes = agent.rounds.map((r) => `r${r.round} ${r.vote === null ? "absent" : formatVote(r.vote)}`).join(" ");
    lines.push(`    median votes ${votes || "(no round)"} · quality ${agent.quality}/${rule.topQuality} (${agent.sharePercent.toFixed(0)} % of the top)` +
      (agent.payout === payout ? "" : ` · the rule gives ${formatEther(agent.payout)} ETH`));
  });
  lines.push(
    `  rule: each agent: net/n × its mean level; unearned ${formatEther(unearned)} ETH to the treasury ` +
      `(net ${formatEther(net)} ETH, n ${payouts.length}; a level is the agent's peers' median vote clamped to ±L = ±${fairVote}, ` +
      `the top is +${fairVote} every round; absent counts 0)`,
  );
  return lines;
}
