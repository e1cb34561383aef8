// One session's data for its page: the chain's reads (getSession, getAgentIds, RoundRecorded
// events) and the public transcript from the dApp server, with one `refetch` for all of them that
// the live hook calls on every NATS event or new block.
import { useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { useClient, useReadContract } from "wagmi";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { getRoundRecordedLogs, recordedRound, sessionStatusCode } from "@concord/agent-sdk/protocol";
import type { ChainRound } from "../lib/session-view.ts";
import { fetchTranscript, type TranscriptResult } from "../lib/transcript-api.ts";
import { useDeployment } from "./useDeployment.ts";

export function useSessionRecord(id: bigint) {
  const deployment = useDeployment();
  const address = deployment.contracts.Sessions;
  const client = useClient();
  const session = useReadContract({ address, abi: sessionsAbi, functionName: "getSession", args: [id] });
  const agentIds = useReadContract({ address, abi: sessionsAbi, functionName: "getAgentIds", args: [id] });
  const agentCount = agentIds.data?.length;
  const rounds = useQuery({
    queryKey: ["concord", "roundsRecorded", address, id.toString(), agentCount],
    enabled: client !== undefined && agentCount !== undefined,
    queryFn: async (): Promise<ChainRound[]> => {
      const logs = await getRoundRecordedLogs(client!, { address, sessionId: id, fromBlock: BigInt(deployment.deployedAtBlock) });
      return logs.map((log) => {
        const { round, scores, winnerIndex, winnerProposalHash, txHash } = recordedRound(log, agentCount!);
        return { round, scores, winnerIndex, winnerProposalHash, txHash };
      });
    },
  });
  const roundsOnChain = session.data?.roundsRecorded;
  const settledOnChain = session.data?.status === sessionStatusCode("Settled");
  const transcript = useQuery({
    queryKey: ["concord", "transcript", id.toString()],
    queryFn: ({ signal }): Promise<TranscriptResult> => fetchTranscript(fetch, id, signal),
    // The orchestrator stores a round just after its block: while the transcript lags behind the
    // chain, look again shortly rather than wait for the next event or block.
    refetchInterval: (query) => (lagsBehindChain(query.state.data, roundsOnChain, settledOnChain) ? 500 : false),
  });
  // Not cancelling a fetch in flight: the live hook serialises refetches itself.
  const refetch = useCallback(
    () => Promise.all([session, agentIds, rounds, transcript].map((q) => q.refetch({ cancelRefetch: false }))),
    [session.refetch, agentIds.refetch, rounds.refetch, transcript.refetch],
  );
  return {
    session: session.data,
    agentIds: agentIds.data,
    chainRounds: rounds.data,
    transcript: transcript.data,
    isLoading: session.isLoading,
    error: session.error ?? agentIds.error ?? rounds.error ?? transcript.error ?? null,
    refetch,
  };
}

export type SessionRecord = ReturnType<typeof useSessionRecord>;

function lagsBehindChain(result: TranscriptResult | undefined, roundsOnChain: number | undefined, settled: boolean): boolean {
  if (result?.kind !== "transcript" || roundsOnChain === undefined) return false;
  const t = result.transcript;
  if (t.status === "failed") return false;
  return t.rounds.length < roundsOnChain || (settled && t.status !== "settled");
}
