// What the chain records about one session: its terms and status, each round's scores and winner,
// the settlement. (The orchestrator's stored transcript comes from state/stored-session.ts.)
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { unpackRoundOutcome, unpackRoundScores } from "@concord/agent-sdk/protocol";
import { readSession, type ChainContext } from "../../chain/sessions-client.ts";

export async function chainRecord(chain: ChainContext, sessionId: bigint) {
  const address = chain.deployment.contracts.Sessions;
  const fromBlock = BigInt(chain.deployment.deployedAtBlock);
  const [session, rounds, settled] = await Promise.all([
    readSession(chain, sessionId),
    chain.publicClient.getContractEvents({ address, abi: sessionsAbi, eventName: "RoundRecorded", args: { sessionId }, fromBlock, strict: true }),
    chain.publicClient.getContractEvents({ address, abi: sessionsAbi, eventName: "SessionSettled", args: { sessionId }, fromBlock, strict: true }),
  ]);
  return {
    session,
    rounds: rounds.map((e) => ({
      round: e.args.round, scores: unpackRoundScores(e.args.outcome, session.agentIds.length).map(BigInt),
      winnerIndex: unpackRoundOutcome(e.args.outcome, session.agentIds.length).winnerIndex,
      winnerProposalHash: e.args.winnerProposalHash, txHash: e.transactionHash,
    })),
    // The final answer's hash is the last round's winner, from its RoundRecorded event.
    settled: settled[0] && {
      payouts: [...settled[0].args.payouts], winnerAgentId: settled[0].args.winnerAgentId,
      winnerProposalHash: rounds.at(-1)?.args.winnerProposalHash, txHash: settled[0].transactionHash,
    },
  };
}

export type ChainRecord = Awaited<ReturnType<typeof chainRecord>>;
