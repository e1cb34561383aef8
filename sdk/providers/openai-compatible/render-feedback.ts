// Renders a round's feedback as text a model can read: its own result first (what it must act
// on), then the evidence behind it. Peers keep their masked labels; nothing here names anyone.
import type { RoundFeedback } from "../../protocol/schemas.ts";

export function renderFeedback(feedback: RoundFeedback): string {
  const own = feedback.ownProposal;
  const sections = [
    `Feedback on round ${feedback.round}. Peers are anonymous (Peer_A, Peer_B, …); you are "You".`,
    [
      `Your proposal scored ${own.score} and ranked ${own.rank} of ${own.of}.`,
      `Your solution was:\n${indent(own.solution)}`,
      own.thoughtProcess ? `Your reasoning was:\n${indent(own.thoughtProcess)}` : "",
    ].filter(Boolean).join("\n"),
    `Votes (rows: evaluators, columns: proposals; "-" = no vote):\n${renderMatrix(feedback.scoreMatrix)}`,
    feedback.critiques.length > 0
      ? `Critiques of your proposal:\n${feedback.critiques
          .map((c) => `- ${c.from} (${c.stance}, endorsement ${c.endorsement}): ${oneLine(c.justification)}`)
          .join("\n")}`
      : "No evaluator wrote a critique of your proposal.",
    feedback.contestedClaims.length > 0
      ? `Contested claims (evaluators disagreed; check these yourself):\n${feedback.contestedClaims
          .map((c) => `- "${oneLine(c.claim)}": ${c.agree} agree, ${c.disagree} disagree`)
          .join("\n")}`
      : "",
    "Reconsider the task in the light of this feedback: keep what held up, fix what did not. " +
      "Do not change a correct answer only because it was outvoted.",
  ];
  return sections.filter(Boolean).join("\n\n");
}

function renderMatrix(matrix: RoundFeedback["scoreMatrix"]): string {
  const header = ["", ...matrix.labels];
  const rows = matrix.rows.map((row) => [row.evaluator, ...row.votes.map((v) => (v === null ? "-" : String(v)))]);
  const table = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...table.map((r) => (r[col] ?? "").length)));
  return table.map((r) => r.map((cell, col) => cell.padStart(widths[col] ?? 0)).join("  ")).join("\n");
}

const indent = (text: string) => text.split("\n").map((line) => `    ${line}`).join("\n");
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
