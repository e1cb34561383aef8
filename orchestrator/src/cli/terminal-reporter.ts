// Prints a session's progress so the terminal never goes silent while rounds run.
import { formatEther } from "viem";
import { haltingNumbersText, haltReasonText, outcomeText } from "@concord/agent-sdk/protocol";
import type { Reporter } from "../rounds/types.ts";
import type { PanelAgent } from "../nats/panel-agent.ts";
import { payoutLines } from "./payout-lines.ts";
import { printable } from "./printable.ts";

export function terminalReporter(panel: readonly PanelAgent[], printRaw: (line: string) => void = console.log): Reporter {
  const names = panel.map((a) => a.name);
  // Lines carry agents' answers and reasons: no control character of theirs reaches the terminal.
  const print = (line: string) => printRaw(printable(line));
  return {
    roundStarted: (round, max) => print(`\n── round ${round}/${max} ──`),
    phaseProgress: (round, phase, answered, total) => print(`  round ${round} · ${phase}: ${answered}/${total} agents answered`),
    phaseClosed: (round, phase, { missing, rejected }) => {
      for (const r of rejected) print(`  round ${round} · ${phase}: rejected ${(r.count ?? 1) > 1 ? `${r.count} messages` : "a message"} from ${r.agent ?? "?"} (${r.kind}): ${r.reason}`);
      if (missing.length) print(`  round ${round} · ${phase}: missing ${missing.join(", ")}`);
    },
    roundTallied: (outcome, halting) => {
      outcome.proposals.forEach((p, i) => {
        if (!p) return;
        print(`  ${names[i]!.padEnd(8)} proposed ${p.solution.padStart(6)}  score ${String(outcome.scores[i]).padStart(4)}  ballot [${outcome.ballots[i]!.join(", ")}]`);
      });
      for (const { agent, reason } of outcome.absent) print(`  ${agent.padEnd(8)} absent (${reason}): partial round`);
      print(`  winner: ${names[outcome.winnerIndex]} · record sent to the chain`);
      print(
        `  ${haltingNumbersText(halting)}` + (halting.stop ? ` · stop (${halting.stop})` : " · continue"),
      );
    },
    roundRecorded: ({ round, onChain }) => print(onChain.withSettlement
      ? `  round ${round} recorded on chain with the settlement (tx ${onChain.txHash.slice(0, 10)}…, ${onChain.gasUsed} gas for both)`
      : `  round ${round} recorded on chain (tx ${onChain.txHash.slice(0, 10)}…, ${onChain.gasUsed} gas)`),
    controlRejected: (reason) => print(`  refused a control message: ${reason}`),
    settled: (outcome) => {
      const total = outcome.payouts.reduce((a, b) => a + b, 0n);
      const { halt } = outcome;
      print(`\nhalted after round ${halt.round} (${haltReasonText(halt.reason, halt.overrun)}): ${outcomeText({ label: halt.outcome, tied: halt.tied })}`);
      print(`settled session ${outcome.sessionId}: winner ${outcome.winner.name} (agent #${outcome.winner.agentId}), answer ${outcome.answer}`);
      const { payouts, unearned, levels: rounds, fairVote } = outcome;
      for (const line of payoutLines({ names, payouts, unearned, rounds, fairVote })) print(line);
      print(`  protocol fee ${formatEther(outcome.fee)} ETH, unearned ${formatEther(outcome.unearned)} ETH (both to the treasury)`);
      print(`  payouts + fee + unearned = ${formatEther(total + outcome.fee + outcome.unearned)} ETH (the bounty)`);
      const spent = outcome.usage.total;
      print(`  usage: ${spent.tokens} tokens${spent.costUsd ? `, $${spent.costUsd.toFixed(4)}` : ""}, ${(spent.elapsedMs / 1000).toFixed(1)} s`);
      for (const a of outcome.absent) print(`  partial panel: ${a.agent} absent from round ${a.round} (${a.reason})`);
      const refused = Object.entries(outcome.rejections).map(([kind, count]) => `${kind} ${count}`);
      if (refused.length) print(`  messages refused: ${refused.join(", ")}`);
    },
  };
}
