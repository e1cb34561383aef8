// A phase whose answers are signed ballots over the members' proposals (evaluate, attest): each
// answer is checked against what its author was shown (its mask) and against the round's members.
import { ConcordError, roundTermsSameOperator, roundTermsVoteCredits } from "@concord/agent-sdk/protocol";
import { openPhase } from "./collect-phase.ts";
import { downReasonOf } from "./down-reason.ts";
import type { RoundContext } from "./round-context.ts";
import type { RoundMembers } from "./round-members.ts";
import type { SessionDeps } from "./types.ts";
import { acceptEvaluation, type AcceptedEvaluation } from "./verify-results.ts";

/** `authorOf` is per evaluator (panel-indexed): the label → author mapping it was shown. */
export function openBallotPhase(
  ctx: RoundContext, phase: "evaluate" | "attest", members: RoundMembers, authorOf: readonly Map<string, number>[], deadline: number,
) {
  const { deps, round, session } = ctx;
  const contract = contractOf(deps);
  const voteCredits = roundTermsVoteCredits(ctx.plan.roundTerms);
  return openPhase<AcceptedEvaluation>({
    nc: deps.nc, sessionId: session, round, phase, signers: members.signers, deadline,
    accept: (agent, data) => {
      // Only members' answers get here: the phase listens to no other signer.
      const evaluator = members.named(agent);
      if (!evaluator) throw new ConcordError("INVALID_MESSAGE", `${agent} is not a member of round ${round}`);
      const shown = authorOf[evaluator.index] ?? new Map<string, number>();
      return acceptEvaluation(
        { sessionId: session, round, agent }, evaluator.agent, contract, voteCredits, shown, members, evaluator.proposal.proposalHash, data,
        (author) => roundTermsSameOperator(ctx.plan.roundTerms, evaluator.index, author),
      );
    },
    onAnswer: (answered, total) => deps.reporter?.phaseProgress?.(round, phase, answered, total),
    downReason: downReasonOf(ctx, members.signers),
    late: ctx.late,
  });
}

function contractOf(deps: SessionDeps) {
  return { chainId: deps.chain.deployment.chainId, address: deps.chain.deployment.contracts.Sessions };
}
