// Everything known about one session: the chain's record (always) and the orchestrator's stored
// transcript and halting event from NATS (when NATS is reachable and still holds them).
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import {
  decodeMessage, getRoundRecordedLogs, getSessionSettledLogs, recordedRound, sessionEvent, streams, subjects,
} from "@concord/agent-sdk/protocol";
import { readSession } from "../../chain/actions/index.ts";
import type { ChainContext } from "../../chain/chain-context.ts";
import { openSessionStore } from "../../state/session-store.ts";
import type { SessionSnapshot } from "../../state/snapshot.ts";
import type { HaltedEvent } from "./session-progress.ts";

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
