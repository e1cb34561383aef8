// `npm run bench:incentives [-- --rule NAME]`: the best-response search of bench/src/incentives
// against a payout rule, for n = 3, 4, 5: prints `incentives n=N: …` and writes a section of
// docs/benchmarks.md. `--rule dip` (the default) is the rule on chain (section `incentives`);
// `--rule v1` the first rule it replaced (section `incentives-v1`).
// Goal (issue 12): no deviation beats honesty by more than 2 %.
import { parseArgs } from "node:util";
import { writeSection } from "./doc-section.ts";
import { machineLine } from "./machine.ts";
import { dipRule } from "./incentives/dip.ts";
import { dipV1Rule } from "./incentives/dip-v1.ts";
import type { PayoutRule } from "./incentives/payout-rule.ts";
import { consensusPayouts, DEFAULT_MEASURE, measureIncentives } from "./incentives/measure.ts";
import { caseTable, summaryLines } from "./incentives/report.ts";
import type { SearchOptions } from "./incentives/search.ts";

const RULES: Record<string, { rule: PayoutRule; section: string }> = {
  dip: { rule: dipRule, section: "incentives" },
  v1: { rule: dipV1Rule, section: "incentives-v1" },
};
const { values } = parseArgs({ options: { rule: { type: "string", default: "dip" } } });
const chosen = RULES[values.rule!];
if (!chosen) throw new Error(`unknown --rule ${values.rule}; one of ${Object.keys(RULES).join(", ")}`);
const { rule, section } = chosen;
const options = DEFAULT_MEASURE;
const started = performance.now();
const cases = measureIncentives(rule, options);
const consensus = new Map(options.sizes.map((n) => [n, consensusPayouts(rule, n)] as const));
const lines = summaryLines(cases, consensus);
const seconds = (performance.now() - started) / 1000;
const evaluations = cases.reduce((sum, c) => sum + c.evaluations, 0);
const failing = cases.filter((c) => c.gain > 2 || c.fromZero).length;
for (const line of lines) console.log(line);
console.log(`incentives: ${failing} of ${cases.length} cases beat honesty by more than 2 % (${evaluations} evaluations, ${seconds.toFixed(1)} s)`);

/** "k targets: votes step v, endorsements step e" for k = 2 … 4 (with 1 target every vote is tried). */
const grid = (steps: SearchOptions["fine"]) =>
  steps.slice(2).map(([vote, endorsement], i) => `${i + 2}: ${vote} / ${endorsement}`).join(", ");

await writeSection(section, `## Incentives: best-response search${section === "incentives" ? "" : ` (${values.rule} rule)`}

Written by \`npm run bench:incentives${section === "incentives" ? "" : ` -- --rule ${values.rule}`}\` (bench/src/incentives.ts) against the rule
"${rule.name}" in ${seconds.toFixed(0)} s (${machineLine()}). Payouts in ‰ of the net bounty
(1 ETH, 1 % fee). For every n, scenario ([economics.md §5](economics.md#5-incentives-as-measured))
and number of rounds, each coalition searches its ballots in every round against honest peers: one
agent; a colluding pair (two operators); one operator's 2 … n−1 agents (which may not vote for each
other; honest, they vote as the SDK does for the candidates left). A row shows the member or group
whose deviation gains most in %, among those paid something when honest, and, in the last column,
the most that one paid 0 when honest earns by deviating. Agent A has the lowest proposal hash (it
wins a tie). Goal: gain ≤ 2 % everywhere; ${failing} of ${cases.length} cases miss it.

\`\`\`
${lines.join("\n")}
\`\`\`

${caseTable(cases)}

The search (bench/src/incentives/search.ts) tries only ballots the contract accepts: integer votes,
Σ v² ≤ 10 000, none for the voter itself or its operator's agents. Each grid is a vote grid (every
vector of multiples of the step within the credits) together with the votes of an endorsement grid
(multiples of the step in [−100, 100] through endorsementsToVotes). Steps as "targets: vote step /
endorsement step". (1) One grid over all the coalition's ballots (one per agent and round) at once,
when it has at most ${options.single.jointCap.toLocaleString("en")} points (${grid(options.single.coarse)});
(2) ${options.single.samples.toLocaleString("en")} seeded random joint ballots (half uniform within the
credits, half random endorsements through endorsementsToVotes); (3) from the best so far, up to
${options.single.passes} passes in which each ballot in turn runs over a finer grid, the others held
(one agent: ${grid(options.single.fine)}; a pair or an operator: ${grid(options.coalition.fine)});
(4) a polish moving single votes by ±1, 2, 4, 8 and pairs of votes by ±1 while that gains; (5) the
ballots shown tidied, each vote set to 0 or rounded to a multiple of 10 where the payout holds.
${evaluations.toLocaleString("en")} rule evaluations in all. What it finds is a lower bound on the best
deviation.`);
