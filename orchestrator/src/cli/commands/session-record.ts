// What the chain records about one session: its terms and status, each round's scores, winner and
// levels, the settlement. (The orchestrator's stored transcript comes from state/stored-session.ts.)
import { getRoundRecordedLogs, getSessionFailedLogs, getSessionSettledLogs, recordedRound, roundTermsFairVote, roundTermsWeights } from "@concord/agent-sdk/protocol";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { readRoundTerms, readSession } from "../../chain/actions/index.ts";
import type { ChainContext } from "../../chain/chain-context.ts";

export async function chainRecord(chain: ChainContext, sessionId: bigint) {
  const address = chain.deployment.contracts.Sessions;
  const fromBlock = BigInt(chain.deployment.deployedAtBlock);
  const [session, roundTerms, taskFamily, disputableUntil, events, settled, failures, failureClaimed, refundAfter] = await Promise.all([
    readSession(chain, { sessionId }),
    readRoundTerms(chain, { sessionId }),
    chain.publicClient.readContract({ address, abi: sessionsAbi, functionName: "taskFamily", args: [sessionId] }),
    chain.publicClient.readContract({ address, abi: sessionsAbi, functionName: "disputableUntil", args: [sessionId] }),
    getRoundRecordedLogs(chain.publicClient, { address, sessionId, fromBlock }),
    getSessionSettledLogs(chain.publicClient, { address, sessionId, fromBlock }),
    getSessionFailedLogs(chain.publicClient, { address, sessionId, fromBlock }),
    chain.publicClient.readContract({ address, abi: sessionsAbi, functionName: "failureClaimed", args: [sessionId] }),
    chain.publicClient.readContract({ address, abi: sessionsAbi, functionName: "refundAfter", args: [sessionId] }),
  ]);
  // A round replaced by its complete version has two events; the later one is the round.
  const rounds = events.map((e) => recordedRound(e, session.agentIds.length));
  return {
    session,
    /** L, the session's fair vote: levels are in [0, 2L]. */
    fairVote: roundTermsFairVote(roundTerms),
    /** Each agent's evaluation weight, fixed at creation from its history (votes count that many times). */
    weights: roundTermsWeights(roundTerms),
    /** The task family whose histories gave those weights (taskFamilyId of its name); zero: none named. */
    taskFamily,
    /** 0, or the time (s) until which the last round, recorded with absent agents, may be replaced by its complete version. */
    disputableUntil,
    rounds: rounds.map(({ round, scores, winnerIndex, winnerProposalHash, txHash, levels, present }) =>
      ({ round, scores, winnerIndex, winnerProposalHash, txHash, levels, present })),
    /** The orchestrator's last failure declaration (failSession), if any, and whether it still stands. */
    failure: failures.at(-1) && { reason: failures.at(-1)!.reason, refunded: failures.at(-1)!.refunded, txHash: failures.at(-1)!.txHash, declined: failures.at(-1)!.declined },
    failureClaimed,
    /** Unix seconds after which the submitter may refund: the deadline, or sooner a standing claim's grace. */
    refundAfter,
    // The final answer's hash is the last round's winner, from its RoundRecorded event.
    settled: settled[0] && {
      payouts: [...settled[0].payouts], fee: settled[0].fee, unearned: settled[0].unearned, winnerAgentId: settled[0].winnerAgentId,
      winnerProposalHash: rounds.at(-1)?.winnerProposalHash, txHash: settled[0].txHash,
    },
  };
}

export type ChainRecord = Awaited<ReturnType<typeof chainRecord>>;
