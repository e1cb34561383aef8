// What the chain records about one session: its terms and status, each round's scores and winner,
// the settlement. (The orchestrator's stored transcript comes from state/stored-session.ts.)
import { getRoundRecordedLogs, getSessionSettledLogs, recordedRound } from "@concord/agent-sdk/protocol";
import { readSession } from "../../chain/actions/index.ts";
import type { ChainContext } from "../../chain/chain-context.ts";

export async function chainRecord(chain: ChainContext, sessionId: bigint) {
  const address = chain.deployment.contracts.Sessions;
  const fromBlock = BigInt(chain.deployment.deployedAtBlock);
  const [session, rounds, settled] = await Promise.all([
    readSession(chain, { sessionId }),
    getRoundRecordedLogs(chain.publicClient, { address, sessionId, fromBlock }),
    getSessionSettledLogs(chain.publicClient, { address, sessionId, fromBlock }),
  ]);
  return {
    session,
    rounds: rounds.map((e) => {
      const { round, scores, winnerIndex, winnerProposalHash, txHash } = recordedRound(e, session.agentIds.length);
      return { round, scores, winnerIndex, winnerProposalHash, txHash };
    }),
    // The final answer's hash is the last round's winner, from its RoundRecorded event.
    settled: settled[0] && {
      payouts: [...settled[0].payouts], winnerAgentId: settled[0].winnerAgentId,
      winnerProposalHash: rounds.at(-1)?.winnerProposalHash, txHash: settled[0].txHash,
    },
  };
}

export type ChainRecord = Awaited<ReturnType<typeof chainRecord>>;
