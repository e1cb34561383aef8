// One session's data for its page: the chain's reads (getSession, getAgentIds, roundTerms,
// disputableUntil, failureClaimed, RoundRecorded, SessionSettled and SessionFailed events) and the
// public transcript from the dApp server, with one `refetch` for all of them that the live hook
// calls on every NATS event or new block.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { useClient, useReadContract } from "wagmi";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import {
  getRoundRecordedLogs, getSessionFailedLogs, getSessionSettledLogs, recordedRound, roundTermsFairVote, sessionStatusCode, type SessionSettledEvent,
} from "@concord/agent-sdk/protocol";
import type { ChainRound } from "../lib/session-view.ts";
import type { SessionFailure } from "../lib/session-status.ts";
import { retryUnlessReverted, revertErrorName } from "../lib/txError.ts";
import { fetchTranscript, type TranscriptResult } from "../lib/transcript-api.ts";
import { useDeployment } from "./useDeployment.ts";

export function useSessionRecord(id: bigint) {
  const deployment = useDeployment();
  const address = deployment.contracts.Sessions;
  const client = useClient();
  // A session that does not exist reverts (UnknownSession): say so at once rather than retry.
  const session = useReadContract({ address, abi: sessionsAbi, functionName: "getSession", args: [id], query: { retry: retryUnlessReverted } });
  const agentIds = useReadContract({ address, abi: sessionsAbi, functionName: "getAgentIds", args: [id] });
  const agentCount = agentIds.data?.length;
  const rounds = useQuery({
    queryKey: ["concord", "roundsRecorded", address, id.toString(), agentCount],
    enabled: client !== undefined && agentCount !== undefined,
    queryFn: async (): Promise<ChainRound[]> => {
      const logs = await getRoundRecordedLogs(client!, { address, sessionId: id, fromBlock: BigInt(deployment.deployedAtBlock) });
      // Only the standing event per round: a round replaced by its complete version has two.
      return logs.map((log) => {
        const { round, scores, winnerIndex, winnerProposalHash, txHash, levels, present } = recordedRound(log, agentCount!);
        return { round, scores, winnerIndex, winnerProposalHash, txHash, levels, present, blockNumber: log.blockNumber };
      });
    },
  });
  const roundTerms = useReadContract({ address, abi: sessionsAbi, functionName: "roundTerms", args: [id] });
  const disputableUntil = useReadContract({ address, abi: sessionsAbi, functionName: "disputableUntil", args: [id] });
  const roundsOnChain = session.data?.roundsRecorded;
  const settledOnChain = session.data?.status === sessionStatusCode("Settled");
  const settled = useQuery({
    queryKey: ["concord", "sessionSettled", address, id.toString()],
    enabled: client !== undefined && settledOnChain,
    queryFn: async (): Promise<SessionSettledEvent | null> => {
      const [event] = await getSessionSettledLogs(client!, { address, sessionId: id, fromBlock: BigInt(deployment.deployedAtBlock) });
      return event ?? null;
    },
  });
  const failureClaimed = useReadContract({ address, abi: sessionsAbi, functionName: "failureClaimed", args: [id] });
  // While a claim stands: when its grace ends and the submitter may refund (Sessions.refundAfter).
  const refundAfter = useReadContract({
    address, abi: sessionsAbi, functionName: "refundAfter", args: [id], query: { enabled: failureClaimed.data === true },
  });
  const failure = useQuery({
    // Read while a claim stands; again when the status moves (a claim may be followed by a refunding one).
    queryKey: ["concord", "sessionFailed", address, id.toString(), session.data?.status],
    enabled: client !== undefined && failureClaimed.data === true,
    // The old event while the new one is read, so the failure section (and its refund's
    // confirmation) stays on the page.
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<SessionFailure | null> => {
      const events = await getSessionFailedLogs(client!, { address, sessionId: id, fromBlock: BigInt(deployment.deployedAtBlock) });
      const last = events.at(-1);
      return last === undefined ? null : { reason: last.reason, declined: last.declined, refunded: last.refunded, txHash: last.txHash };
    },
  });
  const transcript = useQuery({
    queryKey: ["concord", "transcript", id.toString()],
    queryFn: ({ signal }): Promise<TranscriptResult> => fetchTranscript(fetch, id, signal),
    // The orchestrator stores a round just after its block: while the transcript lags behind the
    // chain, look again shortly rather than wait for the next event or block.
    refetchInterval: (query) => (lagsBehindChain(query.state.data, roundsOnChain, settledOnChain) ? 500 : false),
  });
  // Not cancelling a fetch in flight: the live hook serialises refetches itself.
  const refetch = useCallback(
    () => Promise.all([session, agentIds, rounds, disputableUntil, failureClaimed, refundAfter, transcript].map((q) => q.refetch({ cancelRefetch: false }))),
    [session.refetch, agentIds.refetch, rounds.refetch, disputableUntil.refetch, failureClaimed.refetch, refundAfter.refetch, transcript.refetch],
  );
  return {
    session: session.data,
    agentIds: agentIds.data,
    chainRounds: rounds.data,
    /** L, the session's fair vote: a round's level is in [0, 2L]. */
    fairVote: roundTerms.data === undefined ? undefined : roundTermsFairVote(roundTerms.data),
    /** 0, or until when (unix seconds) the last round, recorded with absent agents, may be replaced. */
    disputableUntil: disputableUntil.data,
    /** The SessionSettled event once settled (null if the node has not got it yet). */
    settled: settled.data ?? undefined,
    /** Sessions.failureClaimed (undefined until read). */
    failureClaimed: failureClaimed.data,
    /** While a claim stands, Sessions.refundAfter: unix seconds after which its submitter may refund (undefined until read). */
    refundAfter: failureClaimed.data === true ? refundAfter.data : undefined,
    /** The last SessionFailed while a claim stands (undefined until read, or with none). */
    failure: failure.data ?? undefined,
    transcript: transcript.data,
    isLoading: session.isLoading,
    /** The chain has no such session (getSession reverted with UnknownSession). */
    notFound: revertErrorName(session.error) === "UnknownSession",
    error: session.error ?? agentIds.error ?? rounds.error ?? roundTerms.error ?? settled.error ?? failureClaimed.error ?? failure.error ?? transcript.error ?? null,
    refetch,
  };
}

export type SessionRecord = ReturnType<typeof useSessionRecord>;

function lagsBehindChain(result: TranscriptResult | undefined, roundsOnChain: number | undefined, settled: boolean): boolean {
  if (result?.kind !== "transcript" || roundsOnChain === undefined) return false;
  const t = result.transcript;
  if (t.status === "failed") return false;
  return t.rounds.length + (t.sealed?.length ?? 0) < roundsOnChain || (settled && t.status !== "settled");
}
