// Everything known about one session: the chain's record (always) and the orchestrator's stored
// transcript and halting event from NATS (when NATS is reachable and still holds them).
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import {
  decodeMessage, sessionEvent, streams, subjects, unpackRoundOutcome, unpackRoundScores,
} from "@concord/agent-sdk/protocol";
import { readSession, type ChainContext } from "../../chain/sessions-client.ts";
import { openSessionStore } from "../../state/session-store.ts";
import type { SessionSnapshot } from "../../state/snapshot.ts";
import type { HaltedEvent } from "./session-progress.ts";

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

export interface NatsRecord {
  snapshot?: SessionSnapshot;
  halted?: HaltedEvent;
}

export async function natsRecord(nc: NatsConnection, sessionId: string): Promise<NatsRecord> {
  const snapshot = await (await openSessionStore(nc)).load(sessionId);
  let halted: HaltedEvent | undefined;
  try {
    const jsm = await jetstreamManager(nc);
    const msg = await jsm.streams.getMessage(streams.sessions.name, { last_by_subj: subjects.event(sessionId, "halted") });
    const event = msg ? decodeMessage(sessionEvent, msg.data) : undefined;
    if (event?.type === "halted") halted = event;
  } catch {
    // No halted event stored (the session is still running, or the stream was purged).
  }
  return { snapshot, halted };
}
