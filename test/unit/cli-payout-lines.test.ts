// What the CLI prints to say why each agent got what it got (concord session, submit, start).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseEther } from "viem";
import { NO_SPEND } from "@concord/agent-sdk/protocol";
import { payoutLines } from "@concord/orchestrator/cli/payout-lines.ts";
import { terminalReporter } from "@concord/orchestrator/cli/terminal-reporter.ts";
import type { SessionOutcome } from "@concord/orchestrator/rounds/types.ts";
import type { RoundOutcome } from "@concord/orchestrator/state/round-outcome.ts";

describe("cli/payout-lines", () => {
  describe("payoutLines", () => {
    it("writes each agent's levels as median votes, its quality against the top, and the rule with what went unearned", () => {
      // n 3, L 70, 2 rounds: ada at the top twice; bram rated +50 once; chloe absent from round 2.
      const rounds = [
        { round: 1, levels: [140, 140, 140], present: 0b111n },
        { round: 2, levels: [140, 120, 0], present: 0b011n },
      ];
      const net = parseEther("0.99");
      const payouts = [net / 3n, (net * 260n) / 840n, (net * 140n) / 840n];
      const unearned = net - payouts.reduce((a, b) => a + b, 0n);
      const lines = payoutLines({ names: ["ada", "bram", "chloe"], payouts, unearned, rounds, fairVote: 70, payoutSuffix: (i) => ` to #${i + 1}` });
      assert.deepEqual(lines.slice(0, 6), [
        "  payout ada      0.33 ETH to #1",
        "    median votes r1 +70 r2 +70 · quality 280/280 (100 % of the top)",
        "  payout bram     0.306428571428571428 ETH to #2",
        "    median votes r1 +70 r2 +50 · quality 260/280 (93 % of the top)",
        "  payout chloe    0.165 ETH to #3",
        "    median votes r1 +70 r2 absent · quality 140/280 (50 % of the top)",
      ]);
      assert.match(lines[6]!, /^ {2}rule: each agent: net\/n × its mean level; unearned 0\.188571428571428572 ETH to the treasury \(net 0\.99 ETH, n 3; .*±L = ±70/);
    });

    it("says so when a payout differs from what the rule gives for the levels", () => {
      const lines = payoutLines({ names: ["a", "b"], payouts: [50n, 40n], unearned: 10n, rounds: [{ round: 1, levels: [4, 4] }], fairVote: 2 });
      assert.match(lines[3]!, /the rule gives 0\.00000000000000005 ETH$/);
    });
  });

  describe("terminalReporter", () => {
    it("says when a round's transaction settled the session too, and whose gas it prints", () => {
      const lines: string[] = [];
      const reporter = terminalReporter([], (line) => lines.push(line));
      const onChain = { scores: [], winnerIndex: 0, txHash: `0x${"cd".repeat(32)}` as const, gasUsed: 171_715n };
      reporter.roundRecorded!({ round: 4, onChain } as unknown as RoundOutcome);
      reporter.roundRecorded!({ round: 5, onChain: { ...onChain, withSettlement: true } } as unknown as RoundOutcome);
      assert.deepEqual(lines, [
        "  round 4 recorded on chain (tx 0xcdcdcdcd…, 171715 gas)",
        "  round 5 recorded on chain with the settlement (tx 0xcdcdcdcd…, 171715 gas for both)",
      ]);
    });

    it("prints, when a session settles, each agent's median votes and quality under its payout, and the rule", () => {
      const panel = ["ada", "bram"].map((name, i) => ({ name, agentId: BigInt(i + 1), signer: `0x${String(i + 1).repeat(40)}` as const }));
      const outcome: SessionOutcome = {
        sessionId: 7n, rejections: {}, usage: { total: NO_SPEND, perRound: [], perAgent: {} }, absent: [], rounds: [],
        halt: { round: 1, reason: "unanimous", agreement: 1, confidence: 0.9, gain: 0, cost: 0.02, outcome: "consensus", tied: [] },
        winner: panel[0]!, answer: "4", payouts: [50n, 25n], fee: 1n, unearned: 25n,
        levels: [{ round: 1, levels: [4, 2], present: 0b11n }], fairVote: 2, settleTxHash: `0x${"ab".repeat(32)}`,
        royalties: Promise.resolve({ txHashes: [] }),
      };
      const lines: string[] = [];
      terminalReporter(panel, (line) => lines.push(line)).settled!(outcome);
      const at = lines.findIndex((l) => l.startsWith("  payout ada"));
      assert.deepEqual(lines.slice(at, at + 4), [
        "  payout ada      0.00000000000000005 ETH",
        "    median votes r1 +2 · quality 4/4 (100 % of the top)",
        "  payout bram     0.000000000000000025 ETH",
        "    median votes r1 0 · quality 2/4 (50 % of the top)",
      ]);
      assert.match(lines[at + 4]!, /^ {2}rule: each agent: net\/n × its mean level; unearned 0\.000000000000000025 ETH to the treasury/);
      assert.ok(lines.includes("  payouts + fee + unearned = 0.000000000000000101 ETH (the bounty)"));
    });
  });
});
