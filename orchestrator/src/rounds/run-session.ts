// The round loop of one session: propose → masked cross-evaluation → integer QV tally →
// record the round on chain with the agents' signatures; settle after the last round.
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import type { Hex } from "viem";
import { subjects, type Phase } from "../../../sdk/protocol/subjects.ts";
import {
  encodeMessage, evaluateTask, proposeTask, sessionEvent, type ProposeResult, type SessionEvent,
} from "../../../sdk/protocol/schemas.ts";
import { pickWinner, tallyScores } from "../../../sdk/protocol/qv.ts";
import { ConcordError } from "../../../sdk/protocol/errors.ts";
import { recordRound, settleSession, type ChainContext } from "../chain/sessions-client.ts";
import type { Wallet } from "../chain/write-contract.ts";
import { openPhase, type PhaseCollection } from "./collect-phase.ts";
import { maskFor, type MaskedView } from "./masking.ts";
import { acceptEvaluation, acceptProposal, type AcceptedEvaluation } from "./verify-results.ts";
import type { PanelAgent } from "./panel.ts";
import type { Reporter } from "./reporter.ts";

export interface SessionPlan {
  sessionId: bigint;
  task: string;
  /** In the session's on-chain agent order. */
  panel: readonly PanelAgent[];
  maxRounds: number;
  phaseTimeoutMs: number;
}

export interface RoundOutcome {
  round: number;
  proposals: ProposeResult[];
  /** ballots[e][p]: evaluator e's vote for proposal p (panel order). */
  ballots: number[][];
  scores: number[];
  winnerIndex: number;
  onChain: { scores: bigint[]; winnerIndex: number; txHash: Hex; gasUsed: bigint };
}

export interface SessionOutcome {
  sessionId: bigint;
  rounds: RoundOutcome[];
  winner: PanelAgent;
  answer: string;
  payouts: bigint[];
  settleTxHash: Hex;
}

export interface SessionDeps {
  nc: NatsConnection;
  chain: ChainContext;
  orchestrator: Wallet;
  reporter?: Reporter;
}

export async function runSession(deps: SessionDeps, plan: SessionPlan): Promise<SessionOutcome> {
  const session = plan.sessionId.toString();
  const publishEvent = eventPublisher(deps.nc, session);
  const rounds: RoundOutcome[] = [];
  try {
    for (let round = 1; round <= plan.maxRounds; round++) {
      deps.reporter?.roundStarted?.(round, plan.maxRounds);
      await publishEvent({ type: "round-started", sessionId: session, round });
      const outcome = await runRound(deps, plan, round, publishEvent);
      rounds.push(outcome);
      deps.reporter?.roundRecorded?.(outcome);
      await publishEvent({
        type: "round-recorded", sessionId: session, round, scores: outcome.scores,
        winner: plan.panel[outcome.winnerIndex]!.name, txHash: outcome.onChain.txHash,
      });
    }
    const settled = await settleSession(deps.chain, deps.orchestrator, plan.sessionId);
    const last = rounds.at(-1)!;
    const winnerIndex = plan.panel.findIndex((a) => a.agentId === settled.winnerAgentId);
    const outcome: SessionOutcome = {
      sessionId: plan.sessionId,
      rounds,
      winner: plan.panel[winnerIndex]!,
      answer: last.proposals[winnerIndex]!.solution,
      payouts: [...settled.payouts],
      settleTxHash: settled.txHash,
    };
    await publishEvent({
      type: "session-settled", sessionId: session, winner: outcome.winner.name,
      payouts: outcome.payouts.map(String), txHash: settled.txHash,
    });
    deps.reporter?.settled?.(outcome);
    return outcome;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await publishEvent({ type: "session-failed", sessionId: session, reason }).catch(() => {});
    throw error;
  }
}

async function runRound(
  deps: SessionDeps,
  plan: SessionPlan,
  round: number,
  publishEvent: (event: SessionEvent) => Promise<void>,
): Promise<RoundOutcome> {
  const session = plan.sessionId.toString();
  const names = plan.panel.map((a) => a.name);
  const contract = { chainId: deps.chain.deployment.chainId, address: deps.chain.deployment.contracts.Sessions };

  // Propose.
  const proposeDeadline = Date.now() + plan.phaseTimeoutMs;
  const proposing = openPhase({
    nc: deps.nc, sessionId: session, round, phase: "propose", expected: names, deadline: proposeDeadline,
    accept: (agent, data) => acceptProposal({ sessionId: session, round, agent }, data),
    onAnswer: (answered, total) => deps.reporter?.phaseProgress?.(round, "propose", answered, total),
  });
  for (const agent of plan.panel) {
    deps.nc.publish(
      subjects.task(session, agent.name, "propose"),
      encodeMessage(proposeTask, { sessionId: session, round, task: plan.task, deadline: proposeDeadline }),
    );
  }
  const proposed = await proposing.done;
  await closePhase(deps, publishEvent, session, round, "propose", proposed, names);
  const proposals = names.map((n) => proposed.answers.get(n)!);
  const roundHashes = proposals.map((p) => p.proposalHash);

  // Cross-evaluate under masks.
  const evaluateDeadline = Date.now() + plan.phaseTimeoutMs;
  const views: MaskedView[] = plan.panel.map((_, i) => maskFor(i, proposals));
  const evaluating = openPhase<AcceptedEvaluation>({
    nc: deps.nc, sessionId: session, round, phase: "evaluate", expected: names, deadline: evaluateDeadline,
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
  const evaluations = names.map((n) => evaluated.answers.get(n)!);

  // Tally, then record on chain: the contract recomputes the same integers from the signed ballots.
  const ballots = evaluations.map((e) => e.votes);
  const scores = tallyScores(ballots, names.length);
  const winnerIndex = pickWinner(scores, roundHashes);
  const onChain = await recordRound(deps.chain, deps.orchestrator, {
    sessionId: plan.sessionId,
    round,
    proposalHashes: roundHashes,
    ballots: evaluations.map((e) => e.result.votes),
    signatures: evaluations.map((e) => e.result.signature),
  });
  return { round, proposals, ballots, scores, winnerIndex, onChain: { ...onChain, scores: [...onChain.scores] } };
}

/** Reports a closed phase; the skeleton needs every agent, so a gap fails the session with the reasons. */
async function closePhase<T>(
  deps: SessionDeps,
  publishEvent: (event: SessionEvent) => Promise<void>,
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

function eventPublisher(nc: NatsConnection, session: string) {
  const js = jetstream(nc);
  let sequence = 0;
  return async (event: SessionEvent) => {
    sequence += 1;
    await js.publish(subjects.event(session, event.type), encodeMessage(sessionEvent, event), {
      msgID: `${session}.event.${sequence}`,
    });
  };
}
