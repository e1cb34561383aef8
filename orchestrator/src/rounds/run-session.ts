// The round loop of one session: rounds until a halting rule says stop (the panel is unanimous,
// another round is not worth its cost, nobody moves, maxRounds, the budget, or the submitter's
// forced finalise), then settlement on chain. A round never waits on the chain: its record goes
// through the record outbox while the next round runs, and settlement waits for the last record,
// or goes in the same transaction when the last round is complete (record-and-settle.ts).
import {
  addSpend, type BudgetDimension, type SessionSettledEvent, ConcordError, type HaltingState, initialHalting, MAX_EVENT_REASON_CHARS, minPresent, nextHalting, NO_SPEND,
  outcomeOf, overrun, phaseDeadline, predictRound, type RecordedRound, roundTermsFairVote, type Spend, usageSpend,
} from "@concord/agent-sdk/protocol";
import { eventPublisher } from "./event-publisher.ts";
import { collectDeclines } from "./decline-collector.ts";
import { declareFailure } from "./declare-failure.ts";
import { distributeRoyalties, settlement, settleSessionOnce } from "../chain/actions/index.ts";
import { countedAs } from "../chain/rpc-counter.ts";
import { loadHalting, loadRound, storeRound, type RoundHalting, type RoundInProgress, type SessionSnapshot } from "../state/snapshot.ts";
import { listenForFinalise } from "./finalise-control.ts";
import { standings } from "./standings.ts";
import { adoptChainRound } from "./adopt-chain-round.ts";
import { runRound } from "./run-round.ts";
import type { HaltSummary, SessionDeps, SessionOutcome, SessionPlan, UsageReport } from "./types.ts";
import { recordedRounds, type RoundOutcome, type TalliedRound } from "../state/round-outcome.ts";
import { recordOutbox, type RecordSender } from "./record-outbox.ts";
import { recordWithSettlement } from "./record-with-settlement.ts";
import type { PanelAgent } from "../nats/panel-agent.ts";
import type { RejectionKind } from "./collect-phase.ts";
import { listenForLateResults } from "./late-results.ts";
import { assertOwned, isSessionLost } from "./ownership.ts";
import { keyedDraws, newDrawSeed } from "./draws.ts";

/** What a round cost: agents' reported usage and its wall time. */
export function roundSpend(outcome: TalliedRound): Spend {
  return usageSpend([...outcome.proposals, ...outcome.evaluations].map((m) => m?.usage), outcome.durationMs);
}


function usageReport(rounds: readonly TalliedRound[], panel: readonly PanelAgent[], elapsedMs: number): UsageReport {
  const perRound = rounds.map(roundSpend);
  const perAgent = Object.fromEntries(
    panel.map((agent, i) => [agent.name, usageSpend(rounds.flatMap((r) => [r.proposals[i]?.usage, r.evaluations[i]?.usage]))]),
  );
  return { total: { ...perRound.reduce(addSpend, NO_SPEND), elapsedMs }, perRound, perAgent };
}




export interface SessionProgress {
  /** What a previous owner of the session completed: resumed from its last completed phase. */
  resume?: SessionSnapshot;
  /** Called after every completed phase and round. */
  save?(snapshot: SessionSnapshot): Promise<void>;
}

export async function runSession(deps: SessionDeps, plan: SessionPlan, progress: SessionProgress = {}): Promise<SessionOutcome> {
  const session = plan.sessionId.toString();
  const publishEvent = eventPublisher(deps.nc, session, deps.owned, plan.deadline === undefined ? undefined : { scope: deps.chain.deployment, deadline: plan.deadline });
  const rejections: Partial<Record<RejectionKind, number>> = {};
  const outer = deps.reporter;
  deps = {
    ...deps,
    reporter: {
      ...outer,
      phaseClosed(round, phase, info) {
        for (const r of info.rejected) rejections[r.kind] = (rejections[r.kind] ?? 0) + (r.count ?? 1);
        outer?.phaseClosed?.(round, phase, info);
      },
    },
  };
  // Duplicates and stragglers after a phase closed count too, whenever they arrive.
  const late = listenForLateResults(deps.nc, session, new Map(plan.panel.map((a) => [a.name, a.signer])), (rejection) => {
    rejections[rejection.kind] = (rejections[rejection.kind] ?? 0) + 1;
    outer?.lateRejected?.(rejection);
  });
  const rounds: TalliedRound[] = progress.resume?.rounds.map(loadRound) ?? [];
  let halting: HaltingState = progress.resume ? loadHalting(progress.resume.halting) : initialHalting(plan);
  // The halting state after each round: the dApp draws the evidence curve from these.
  const haltingAfter: (RoundHalting | undefined)[] = progress.resume?.rounds.map((r) => r.halting) ?? [];
  let current: RoundInProgress | undefined = progress.resume?.current;
  const startedAt = progress.resume?.startedAt ?? Date.now();
  // Kept in the snapshot before the first draw is used (the save after round 1's proposals).
  const drawSeed = progress.resume?.drawSeed ?? newDrawSeed();
  const draws = keyedDraws(drawSeed);
  const budget = plan.budget ?? {};
  const spent = (): Spend => ({ ...usageSpend(rounds.flatMap((r) => [...r.proposals, ...r.evaluations].map((m) => m?.usage))), elapsedMs: Date.now() - startedAt });
  let overrunBy: BudgetDimension | undefined;
  const snapshot = (extra: Partial<SessionSnapshot> = {}): SessionSnapshot => ({
    version: 2, sessionId: session, startedAt, drawSeed, task: plan.task, agents: plan.panel.map((a) => a.name),
    rounds: rounds.map((r, i) => ({ ...storeRound(r), halting: haltingAfter[i] })) as SessionSnapshot["rounds"], halting, current, ...extra,
  });
  // One write at a time (the store compares and sets the head's revision), each of the state then.
  let saving: Promise<unknown> = Promise.resolve();
  const persist = (extra?: Partial<SessionSnapshot>): Promise<void> => {
    // Checked before queueing too: a deposed owner stops here even if an earlier write never settles.
    assertOwned(deps.owned, session);
    const saved = saving.then(async () => {
      assertOwned(deps.owned, session);
      await progress.save?.(snapshot(extra));
    });
    saving = saved.catch(() => {});
    return saved;
  };

  // The outbox: the snapshot holds each tallied round before its record is queued, so a resumed
  // session sends what is missing. A record that lands is saved and announced.
  const outbox = recordOutbox(deps, plan);
  const landings: Promise<void>[] = [];
  let recordFailure: unknown;
  // The last round's record may carry the settlement (one transaction, one block sooner).
  let settledWithRecord: SessionSettledEvent | undefined;
  const withSettlement = recordWithSettlement(deps, plan, (event) => (settledWithRecord = event));
  // How deliberation ended: queued with the last round's record when settlement goes with it.
  let halt: HaltSummary | undefined;
  const queueRecord = (round: TalliedRound, sender?: RecordSender) => {
    // The round's events (started, phases closed) must be in the stream before it is on chain.
    landings.push(outbox.send(round, publishEvent.flush(), sender).then(async (onChain) => {
      round.onChain = onChain;
      const adopted = adoptChainRound(round, onChain, plan.panel);
      if (adopted) deps.log?.(`session ${session}: ${adopted}`);
      const recorded = round as RoundOutcome;
      deps.reporter?.roundRecorded?.(recorded);
      await persist();
      const { present, standing } = standings(plan.panel, recorded, plan.roundTerms);
      await publishEvent({
        type: "round-recorded", sessionId: session, round: recorded.round, scores: recorded.scores,
        winner: present.at(standing.winner).agent.name, txHash: onChain.txHash,
      });
    }).catch((error: unknown) => {
      recordFailure ??= error;
    }));
  };
  const throwIfRecordFailed = () => {
    if (recordFailure !== undefined) throw recordFailure;
  };
  const allRecorded = async () => {
    await Promise.all(landings);
    throwIfRecordFailed();
  };

  const { chainId, contracts } = deps.chain.deployment;
  const declines = collectDeclines(deps.nc, plan.sessionId, plan.panel, { chainId, address: contracts.Sessions });
  const finalise = plan.submitter
    ? listenForFinalise(deps.nc, session, plan.submitter, (reason) => deps.reporter?.controlRejected?.(reason))
    : undefined;
  try {
    // Rounds a previous owner tallied whose records may not have landed: sent first, in order.
    for (const r of rounds) if (!r.onChain) queueRecord(r);
    while (!halting.stop) {
      throwIfRecordFailed();
      const round = halting.round + 1;
      failIfTooFewAlive(deps, plan, round);
      // Never start a round the budget cannot finish; the first one is always tried.
      overrunBy = rounds.length > 0 ? overrun(budget, spent(), predictRound(rounds.map(roundSpend))) : undefined;
      if (overrunBy) {
        halting = { ...halting, stop: "budget" };
        break;
      }
      deps.reporter?.roundStarted?.(round, plan.maxRounds);
      publishEvent.queue({ type: "round-started", sessionId: session, round });
      const outcome = await runRound({
        deps, plan, round, previous: rounds.at(-1), publishEvent, late, draws,
        progress: {
          resume: current?.round === round ? current : undefined,
          save: (inProgress) => {
            current = inProgress;
            return progress.save ? persist() : undefined;
          },
          deadline: () => phaseDeadline(Date.now(), plan.phaseTimeoutMs, budget, spent()),
        },
      });
      rounds.push(outcome);
      current = undefined;
      const { standing } = standings(plan.panel, outcome, plan.roundTerms);
      halting = nextHalting(halting, plan, standing);
      haltingAfter[rounds.length - 1] = haltingPoint(halting);
      // A finalise request waits for minRounds: settlement needs that many rounds on chain.
      if (!halting.stop && halting.round >= plan.minRounds && (await finalise?.requested())) halting = { ...halting, stop: "forced" };
      // Saved before its record is queued: the snapshot is the outbox's durable copy.
      await persist();
      deps.reporter?.roundTallied?.(outcome, halting);
      // The last round settles with its record when nothing can hold settlement back: every agent
      // attested it (no dispute window), minRounds are done, and it is not on chain yet.
      const settlesWithRecord = halting.stop !== undefined && outcome.absent.length === 0 &&
        rounds.length >= plan.minRounds && outcome.round > (plan.roundsRecorded ?? 0);
      if (settlesWithRecord) {
        // In the stream before the settlement is on chain, as a round's events before its record.
        halt = haltSummary(plan, rounds, halting, overrunBy);
        publishEvent.queue({ type: "halted", sessionId: session, ...halt });
      }
      queueRecord(outcome, settlesWithRecord ? withSettlement : undefined);
    }
    const last = rounds.at(-1);
    if (!halting.stop || !last) throw new ConcordError("ROUND_INCOMPLETE", `session ${session} stopped before any round completed`);
    if (halt) await publishEvent.flush();
    else {
      halt = haltSummary(plan, rounds, halting, overrunBy);
      await publishEvent({ type: "halted", sessionId: session, ...halt });
    }

    // Settlement needs every round on chain: it waits for the last record.
    await allRecorded();
    const onChainRounds = recordedRounds(rounds);
    // After the records landed: the last round as the chain has it (adopt-chain-round.ts).
    const final = standings(plan.panel, last, plan.roundTerms);
    assertOwned(deps.owned, session);
    const known = knownRounds(plan, onChainRounds);
    const settled = settledWithRecord
      ? await settlement(deps.chain, settledWithRecord, known.roundsRecorded, known.rounds)
      : await settleSessionOnce(deps.chain, { wallet: deps.orchestrator, sessionId: plan.sessionId, known });
    // Settlement credits agents; crediting their royalty recipients is a separate permissionless
    // call per agent (so settlement's cost does not grow with recipients). Off the session's path:
    // it runs after the session, which does not wait for it. Skips what is done.
    const royalties = countedAs("royalties", () => distributeRoyalties(deps.chain, { wallet: deps.orchestrator, sessionId: plan.sessionId, agentIds: plan.panel.map((a) => a.agentId) }))
      .catch((error: unknown) => {
        deps.log?.(`session ${session}: royalties not distributed (anyone may, later): ${error instanceof Error ? error.message : String(error)}`);
        return { txHashes: [] };
      });
    await persist({ settledTxHash: settled.txHash });
    const winner = final.present.list.find((m) => m.agent.agentId === settled.winnerAgentId);
    if (!winner) {
      throw new ConcordError("CHAIN_CALL_FAILED", `settled winner agent ${settled.winnerAgentId} did not propose in round ${last.round}`);
    }
    const outcome: SessionOutcome = {
      sessionId: plan.sessionId,
      rejections,
      usage: usageReport(rounds, plan.panel, Date.now() - startedAt),
      absent: rounds.flatMap((r) => r.absent.map((a) => ({ round: r.round, ...a }))),
      rounds: onChainRounds,
      halt,
      winner: winner.agent,
      answer: winner.proposal.solution,
      payouts: [...settled.payouts],
      fee: settled.fee,
      unearned: settled.unearned,
      levels: settled.rounds.map(({ round, levels, present }) => ({ round, levels, present })),
      fairVote: roundTermsFairVote(plan.roundTerms),
      settleTxHash: settled.txHash,
      royalties,
    };
    await publishEvent({
      type: "session-settled", sessionId: session, winner: outcome.winner.name,
      payouts: outcome.payouts.map(String), txHash: settled.txHash,
    });
    deps.reporter?.settled?.(outcome);
    return outcome;
  } catch (error) {
    // A deposed owner says nothing: the session is another orchestrator's now.
    if (isSessionLost(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    // The chain first, so the event can say where the bounty stands: records in flight land (or
    // fail) before the rounds on chain are counted.
    await Promise.all(landings);
    const recorded = Math.max(outbox.recorded, rounds.filter((r) => r.onChain).length);
    const declared = await declareFailure(deps, plan, recorded, reason, await declines.settled().catch(() => []));
    const told = reason.length > MAX_EVENT_REASON_CHARS ? `${reason.slice(0, MAX_EVENT_REASON_CHARS - 1)}…` : reason;
    await publishEvent({ type: "session-failed", sessionId: session, reason: told, ...declared }).catch(() => {});
    await persist({ failed: reason }).catch(() => {});
    throw error;
  } finally {
    finalise?.close();
    late.close();
    declines.close();
  }
}

/**
 * What settlement needs to know of the session without reading it: its round count and panel
 * size, and the rounds as recorded when every one is held from its receipt and complete (a round
 * with absent agents may have been replaced on chain since, by a relayed attestation).
 */
function knownRounds(plan: SessionPlan, rounds: readonly RoundOutcome[]) {
  const recorded = rounds.map((r) => r.onChain.recorded);
  const complete = recorded.every((r) => r !== undefined && r.present === (1n << BigInt(plan.panel.length)) - 1n);
  return {
    roundsRecorded: Math.max(rounds.length, plan.roundsRecorded ?? 0), agentCount: plan.panel.length,
    rounds: complete && rounds.length >= (plan.roundsRecorded ?? 0) ? (recorded as RecordedRound[]) : undefined,
  };
}

/** How deliberation ended, from its last round: the rule that stopped it and the outcome's label. */
function haltSummary(plan: SessionPlan, rounds: readonly TalliedRound[], halting: HaltingState, overrunBy: BudgetDimension | undefined): HaltSummary {
  const { label, tied } = outcomeOf(standings(plan.panel, rounds.at(-1)!, plan.roundTerms).standing);
  return { round: halting.round, reason: halting.stop!, ...haltingPoint(halting), outcome: label, tied, overrun: overrunBy };
}

/** The numbers of a halting state that are shown per round. */
function haltingPoint({ agreement, confidence, gain, cost }: HaltingState): RoundHalting {
  return { agreement, confidence, gain, cost };
}

/**
 * A round needs two agents; agents known to be down are left out of it (absent), so a panel with
 * fewer than two others fails now, with the reasons, rather than after a phase timeout.
 */
function failIfTooFewAlive(deps: SessionDeps, plan: SessionPlan, round: number): void {
  const down = plan.panel.flatMap((agent) => {
    const state = deps.liveness?.of(agent.name, undefined, agent.signer);
    return state?.state === "down" ? [`${agent.name}: ${state.reason}`] : [];
  });
  const needed = minPresent(plan.panel.length);
  if (plan.panel.length - down.length < needed) {
    throw new ConcordError("TOO_FEW_AGENTS", `round ${round} not started: fewer than ${needed} agents alive (${down.join("; ")})`);
  }
}
