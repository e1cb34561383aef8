// One round: propose (with feedback from round 2) → masked cross-evaluation → integer QV tally →
// the round recorded on chain with every agent's signature.
import type { Hex } from "viem";
import { subjects, type Phase } from "../../../sdk/protocol/subjects.ts";
import {
  encodeMessage, evaluateTask, proposeTask, type EvaluateResult, type ProposeResult, type SessionEvent,
} from "../../../sdk/protocol/schemas.ts";
import { pickWinner, tallyScores } from "../../../sdk/protocol/qv.ts";
import { ConcordError } from "../../../sdk/protocol/errors.ts";
import { recordRoundOnce } from "../chain/sessions-client.ts";
import type { RoundInProgress } from "../state/snapshot.ts";
import { openPhase, type PhaseCollection } from "./collect-phase.ts";
import { buildFeedback } from "./feedback.ts";
import { maskFor, type MaskedView } from "./masking.ts";
import { acceptEvaluation, acceptProposal, type AcceptedEvaluation } from "./verify-results.ts";
import type { SessionDeps, SessionPlan } from "./run-session.ts";

export interface RoundOutcome {
  round: number;
  proposals: ProposeResult[];
  evaluations: EvaluateResult[];
  /** Per evaluator: the label → author (panel index) mapping it was shown. */
  authorOf: Map<string, number>[];
  /** ballots[e][p]: evaluator e's vote for proposal p (panel order). */
  ballots: number[][];
  scores: number[];
  winnerIndex: number;
  /** Wall time of the round: both phases and the chain record. */
  durationMs: number;
  onChain: { scores: bigint[]; winnerIndex: number; txHash: Hex; gasUsed: bigint };
}

export type PublishEvent = (event: SessionEvent) => Promise<void>;

export interface RoundProgress {
  /** Phases of this round that completed before a restart: they are not asked again. */
  resume?: RoundInProgress;
  /** Called after each completed phase, before the next one starts. */
  save(progress: RoundInProgress): Promise<void>;
  /** The deadline of a phase starting now (its timeout, cut to the wall-clock budget). */
  deadline(): number;
}

export async function runRound(
  deps: SessionDeps,
  plan: SessionPlan,
  round: number,
  previous: RoundOutcome | undefined,
  publishEvent: PublishEvent,
  progress: RoundProgress,
): Promise<RoundOutcome> {
  const started = performance.now();
  const names = plan.panel.map((a) => a.name);
  const proposals = progress.resume?.proposals ?? (await proposePhase(deps, plan, round, previous, publishEvent, progress.deadline()));
  if (!progress.resume) await progress.save({ round, proposals });
  const roundHashes = proposals.map((p) => p.proposalHash);

  let evaluated = progress.resume?.evaluated && {
    authorOf: progress.resume.evaluated.authorOf.map((entries) => new Map(entries)),
    evaluations: progress.resume.evaluated.evaluations,
  };
  if (!evaluated) {
    evaluated = await evaluatePhase(deps, plan, round, proposals, publishEvent, progress.deadline());
    await progress.save({
      round, proposals,
      evaluated: { authorOf: evaluated.authorOf.map((m) => [...m.entries()]), evaluations: evaluated.evaluations },
    });
  }
  const { evaluations, authorOf } = evaluated;

  // Tally, then record on chain: the contract recomputes the same integers from the signed ballots.
  const ballots = evaluations.map((e) => e.votes);
  const scores = tallyScores(ballots, names.length);
  const winnerIndex = pickWinner(scores, roundHashes);
  const onChain = await recordRoundOnce(deps.chain, deps.orchestrator, {
    sessionId: plan.sessionId,
    round,
    proposalHashes: roundHashes,
    ballots: evaluations.map((e) => e.result.votes),
    signatures: evaluations.map((e) => e.result.signature),
  });
  return {
    round, proposals, ballots, scores, winnerIndex, authorOf,
    durationMs: performance.now() - started,
    evaluations: evaluations.map((e) => e.result),
    onChain: { ...onChain, scores: [...onChain.scores] },
  };
}

async function proposePhase(
  deps: SessionDeps,
  plan: SessionPlan,
  round: number,
  previous: RoundOutcome | undefined,
  publishEvent: PublishEvent,
  proposeDeadline: number,
): Promise<ProposeResult[]> {
  const session = plan.sessionId.toString();
  const names = plan.panel.map((a) => a.name);
  const proposing = openPhase({
    nc: deps.nc, sessionId: session, round, phase: "propose", signers: signersOf(plan), deadline: proposeDeadline,
    accept: (agent, data) => acceptProposal({ sessionId: session, round, agent }, data),
    onAnswer: (answered, total) => deps.reporter?.phaseProgress?.(round, "propose", answered, total),
  });
  plan.panel.forEach((agent, i) => {
    const feedback = previous && buildFeedback(i, previous);
    deps.nc.publish(
      subjects.task(session, agent.name, "propose"),
      encodeMessage(proposeTask, { sessionId: session, round, task: plan.task, deadline: proposeDeadline, feedback }),
    );
  });
  const proposed = await proposing.done;
  await closePhase(deps, publishEvent, session, round, "propose", proposed, names);
  return names.map((n) => proposed.answers.get(n)!);
}

/** Cross-evaluation under fresh masks. */
async function evaluatePhase(
  deps: SessionDeps,
  plan: SessionPlan,
  round: number,
  proposals: readonly ProposeResult[],
  publishEvent: PublishEvent,
  evaluateDeadline: number,
): Promise<{ authorOf: Map<string, number>[]; evaluations: AcceptedEvaluation[] }> {
  const session = plan.sessionId.toString();
  const names = plan.panel.map((a) => a.name);
  const contract = { chainId: deps.chain.deployment.chainId, address: deps.chain.deployment.contracts.Sessions };
  const roundHashes = proposals.map((p) => p.proposalHash);
  const views: MaskedView[] = plan.panel.map((_, i) => maskFor(i, proposals));
  const evaluating = openPhase<AcceptedEvaluation>({
    nc: deps.nc, sessionId: session, round, phase: "evaluate", signers: signersOf(plan), deadline: evaluateDeadline,
    accept: (agent, data) => {
      const i = names.indexOf(agent);
      return acceptEvaluation({ sessionId: session, round, agent }, plan.panel[i]!, contract, views[i]!, roundHashes, roundHashes[i]!, data);
    },
    onAnswer: (answered, total) => deps.reporter?.phaseProgress?.(round, "evaluate", answered, total),
  });
  plan.panel.forEach((agent, i) => {
    const { thoughtProcess, solution, proposalHash } = proposals[i]!;
    deps.nc.publish(
      subjects.task(session, agent.name, "evaluate"),
      encodeMessage(evaluateTask, {
        sessionId: session, round, task: plan.task, deadline: evaluateDeadline,
        ownProposal: { thoughtProcess, solution, proposalHash }, candidates: views[i]!.candidates,
      }),
    );
  });
  const evaluated = await evaluating.done;
  await closePhase(deps, publishEvent, session, round, "evaluate", evaluated, names);
  return { authorOf: views.map((v) => v.authorOf), evaluations: names.map((n) => evaluated.answers.get(n)!) };
}

/** Reports a closed phase; every agent must answer in this version, so a gap fails the session. */
async function closePhase<T>(
  deps: SessionDeps,
  publishEvent: PublishEvent,
  session: string,
  round: number,
  phase: Phase,
  collected: PhaseCollection<T>,
  names: readonly string[],
): Promise<void> {
  const answered = names.filter((n) => collected.answers.has(n));
  const missing = names.filter((n) => !collected.answers.has(n));
  deps.reporter?.phaseClosed?.(round, phase, { answered, missing, rejected: collected.rejected });
  await publishEvent({ type: "phase-closed", sessionId: session, round, phase, answered, missing });
  if (missing.length > 0) {
    const why = missing.map((n) => {
      const failure = collected.failures.get(n);
      const rejections = collected.rejected.filter((r) => r.agent === n).map((r) => r.reason);
      return `${n}: ${failure ?? (rejections.length ? `rejected (${rejections.join("; ")})` : "no answer before the deadline")}`;
    });
    throw new ConcordError("ROUND_INCOMPLETE", `round ${round} ${phase}: every agent must answer in this version; ${why.join(", ")}`);
  }
}

function signersOf(plan: SessionPlan) {
  return new Map(plan.panel.map((agent) => [agent.name, agent.signer] as const));
}
