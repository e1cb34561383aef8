// Rounds never wait on the chain: a tallied round's record goes into this outbox and the next round
// starts at once. Records are sent one after another in round order (the contract takes round r + 1
// only after round r, and waits out a partial round's dispute window), each once: recordRoundOnce
// reads back a round another owner or a relayer recorded. The outbox is durable because the
// session's snapshot (JetStream KV) holds every tallied round before its record is queued, with
// what the record needs; a resumed session queues the rounds that have no record yet first.
import { ConcordError } from "@concord/agent-sdk/protocol";
import { recordRoundOnce, type RecordRoundOnceParameters } from "../chain/actions/index.ts";
import type { RoundOutcome, TalliedRound } from "../state/round-outcome.ts";
import { assertOwned } from "./ownership.ts";
import { RoundMembers } from "./round-members.ts";
import type { SessionDeps, SessionPlan } from "./types.ts";

export type OnChainRecord = RoundOutcome["onChain"];

export interface RecordOutbox {
  /**
   * Queues the round's record behind those queued before it; resolves once it is on chain. After a
   * failure every later record is refused with it (the session tracks the failure as it waits).
   * `after`: what must hold before the record is sent (the round's events acked by the stream);
   * its failure is the record's. `sender`: how this one record goes (the outbox's by default; the
   * last round's may carry the settlement with it).
   */
  send(round: TalliedRound, after?: Promise<void>, sender?: RecordSender): Promise<OnChainRecord>;
  /** Rounds on chain: those recorded before the session started, then each record that landed. */
  readonly recorded: number;
}

/** Sends one round's record and returns what landed (recordRoundOnce, unless a test stands in). */
export type RecordSender = (round: TalliedRound) => ReturnType<typeof recordRoundOnce>;

export function recordOutbox(
  deps: Pick<SessionDeps, "chain" | "orchestrator" | "owned">,
  plan: SessionPlan,
  sendRecord: RecordSender = (round) => recordRoundOnce(deps.chain, recordParameters(deps, plan, round)),
): RecordOutbox {
  let tail: Promise<unknown> = Promise.resolve();
  let failure: unknown;
  let recorded = plan.roundsRecorded ?? 0;
  return {
    send(round, after, sender = sendRecord) {
      // Handled here, so a failure before its turn is never an unhandled rejection; thrown in turn.
      after?.catch(() => {});
      const sent = tail.then(async () => {
        if (failure !== undefined) throw failure;
        await after;
        assertOwned(deps.owned, plan.sessionId.toString());
        const onChain = await sender(round);
        recorded = Math.max(recorded, round.round);
        return {
          scores: [...onChain.scores], winnerIndex: onChain.winnerIndex, txHash: onChain.txHash, gasUsed: onChain.gasUsed, recorded: onChain.recorded,
          ...(onChain.withSettlement ? { withSettlement: true as const } : {}),
        };
      });
      tail = sent.catch((error: unknown) => {
        failure ??= error;
      });
      return sent;
    },
    get recorded() {
      return recorded;
    },
  };
}

/** What recordRound sends for a tallied round: the present agents' signed ballots, in panel order. */
export function recordParameters(
  deps: Pick<SessionDeps, "orchestrator">, plan: SessionPlan, round: TalliedRound,
): RecordRoundOnceParameters {
  const members = RoundMembers.ofProposals(plan.panel, round.proposals, round.present);
  return {
    wallet: deps.orchestrator,
    sessionId: plan.sessionId,
    roundTerms: plan.roundTerms,
    roundsRecorded: plan.roundsRecorded,
    round: round.round,
    attestations: members.list.map(({ index, proposal }) => {
      const ballot = round.evaluations[index];
      if (!ballot) throw new ConcordError("ROUND_INCOMPLETE", `round ${round.round}: agent ${plan.panel[index]!.name} is present but has no ballot`);
      return { agentIndex: index, proposalHash: proposal.proposalHash, votes: ballot.votes, signature: ballot.signature };
    }),
    absentSigners: plan.panel.flatMap((agent, i) => (members.has(i) ? [] : [agent.signer])),
  };
}
