// The incentive benchmark's printed lines and its table, from the measured cases.
import type { BallotChoice, SearchResult } from "./search.ts";
import type { IncentiveCase } from "./measure.ts";

/** Agents by letter: A has the lowest proposal hash (it wins a tie). */
export const agentName = (i: number) => String.fromCharCode(65 + i);

const permille = (x: number) => `${Math.round(x)}‰`;
const who = (r: SearchResult) => r.coalition.map(agentName).join("");

export function formatBallots(ballots: readonly BallotChoice[]): string {
  return ballots.map((b) => `${agentName(b.agent)} r${b.round + 1}: ${b.targets.map((c, k) => `${agentName(c)} ${b.votes[k]}`).join(", ")}`).join("; ");
}

function where(c: IncentiveCase, r: SearchResult): string {
  return `${c.kind} ${who(r)}, ${c.scenario}, ${c.rounds} round${c.rounds > 1 ? "s" : ""}`;
}

/**
 * Per n: `incentives n=N: honest H‰, best deviation D‰, gain G%` for the worst gain among the
 * deviators paid something when honest; the same per kind of deviator (one agent, a colluding
 * pair, one operator's agents); the most a deviator paid 0 when honest can earn; and the consensus
 * winner's payout against the best other's.
 */
export function summaryLines(cases: readonly IncentiveCase[], consensus: ReadonlyMap<number, { winner: number; bestOther: number }>): string[] {
  const lines: string[] = [];
  for (const n of [...new Set(cases.map((c) => c.n))]) {
    const mine = cases.filter((c) => c.n === n);
    const worst = mine.filter((c) => c.worst).reduce<IncentiveCase | undefined>((w, c) => (!w || c.gain > w.gain ? c : w), undefined);
    if (worst) {
      const r = worst.worst!;
      lines.push(`incentives n=${n}: honest ${permille(r.honest)}, best deviation ${permille(r.best)}, gain ${worst.gain.toFixed(1)}% (${where(worst, r)})`);
    }
    for (const kind of [...new Set(mine.map((c) => c.kind))]) {
      const ofKind = mine.filter((c) => c.kind === kind && c.worst);
      const top = ofKind.reduce<IncentiveCase | undefined>((w, c) => (!w || c.gain > w.gain ? c : w), undefined);
      if (!top) continue;
      const r = top.worst!;
      lines.push(`incentives n=${n} ${kind}: honest ${permille(r.honest)}, best deviation ${permille(r.best)}, gain ${top.gain.toFixed(1)}%` +
        (top.gain > 0 ? ` (${where(top, r)})` : ` (in all ${ofKind.length} cases)`));
    }
    const fromZero = mine.filter((c) => c.fromZero).reduce<IncentiveCase | undefined>(
      (w, c) => (!w || c.fromZero!.best > w.fromZero!.best ? c : w), undefined);
    if (fromZero) lines.push(`incentives n=${n}: from an honest 0‰, best deviation ${permille(fromZero.fromZero!.best)} (${where(fromZero, fromZero.fromZero!)})`);
    const { winner, bestOther } = consensus.get(n)!;
    lines.push(`incentives n=${n}: consensus winner ${permille(winner)}, best other ${permille(bestOther)}`);
  }
  return lines;
}

export function caseTable(cases: readonly IncentiveCase[]): string {
  const rows = cases.map((c) => {
    const r = c.worst;
    const worst = r
      ? `${who(r)} | ${r.honest.toFixed(1)} | ${r.best.toFixed(1)} | ${c.gain.toFixed(1)} % | ${c.gain > 0 ? formatBallots(r.ballots) : "honest"}`
      : "– | – | – | – | –";
    const zero = c.fromZero ? `${who(c.fromZero)}: ${c.fromZero.best.toFixed(1)}` : "–";
    return `| ${c.n} | ${c.scenario} | ${c.rounds} | ${c.kind} | ${worst} | ${zero} |`;
  });
  return [
    "| n | scenario | rounds | deviator | who | honest ‰ | best ‰ | gain | best ballots (votes by target) | paid 0 when honest: best ‰ |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}
