// An agent's side of relaying: each ballot it signs is also published on the session's relay
// subject, but only once the round's evaluate deadline has passed, so that no agent still
// evaluating the round can learn from it which masked candidate is whose. And, when the agent
// opts in, a relayer per session it takes part in, which records complete rounds itself.
import type { NatsConnection } from "@nats-io/transport-node";
import type { Hex, LocalAccount } from "viem";
import { sortedProposalOrder } from "../../protocol/ballot.ts";
import { encodeTrusted, relayedBallot, type EvaluateResult, type EvaluateTask, type RelayedBallot } from "../../protocol/schemas.ts";
import { signedHeaders } from "../signed-headers.ts";
import { subjects } from "../../protocol/subjects.ts";
import type { SessionsContractRef } from "../../protocol/attestation.ts";
import type { RelayChainOptions } from "./relay-chain.ts";
import { startRelayer, type Relayer, type RelayResult } from "./relayer.ts";

/** An agent's opt-in relayer: where it records complete rounds, and from which funded account. */
export interface AgentRelayOptions extends RelayChainOptions {
  onResult?: (sessionId: string, result: RelayResult) => void;
}

export interface BallotRelay {
  /**
   * A ballot the agent has just signed over `proposalHashes` (its own among them), for the round
   * of `evaluated`, whose evaluate deadline says when the ballot may be shown.
   */
  signed(phase: RelayedBallot["phase"], evaluated: EvaluateTask, result: EvaluateResult, proposalHashes: readonly Hex[]): void;
  /** Drops the ballots not yet published (their deadline has not passed) and stops the relayers. */
  stop(): Promise<void>;
}

/** Relayers kept at once; the one whose session the agent signed in least recently stops first. */
export const MAX_RELAYED_SESSIONS = 16;

export function ballotRelay(
  nc: NatsConnection,
  agent: string,
  options: {
    account: LocalAccount; sessions: SessionsContractRef; relay?: AgentRelayOptions; log: (line: string) => void;
    /** Starts one session's relayer (tests pass a fake). */
    start?: typeof startRelayer;
  },
): BallotRelay {
  const start = options.start ?? startRelayer;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const relayers = new Map<string, Promise<Relayer | undefined>>();

  const publish = async (ballot: RelayedBallot) => {
    // Built from the agent's own result, which was checked against its schema before it was sent.
    const data = encodeTrusted(relayedBallot, ballot);
    nc.publish(subjects.relay(ballot.sessionId, ballot.round, agent), data, { headers: await signedHeaders(options.account, data) });
  };

  const follow = (sessionId: string) => {
    const relay = options.relay;
    if (!relay) return;
    const running = relayers.get(sessionId);
    if (running) {
      // Newest again: the sessions the agent works in now are the last to lose their relayer, so
      // tasks for other sessions cannot push out the relayer of one under way.
      relayers.delete(sessionId);
      relayers.set(sessionId, running);
      return;
    }
    const started = start({
      nats: nc, sessionId: BigInt(sessionId), sessions: options.sessions, chain: relay, log: options.log,
      onResult: (result) => relay.onResult?.(sessionId, result),
    }).catch((error: unknown) => {
      options.log(`[${agent}] cannot relay session ${sessionId}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    relayers.set(sessionId, started);
    for (const [oldest, relayer] of relayers) {
      if (relayers.size <= MAX_RELAYED_SESSIONS) break;
      relayers.delete(oldest);
      void relayer.then((r) => r?.stop());
    }
  };

  return {
    signed(phase, evaluated, result, proposalHashes) {
      follow(evaluated.sessionId);
      const ballot: RelayedBallot = {
        sessionId: evaluated.sessionId, round: evaluated.round, phase, agent,
        proposalHash: evaluated.ownProposal.proposalHash,
        proposalHashes: sortedProposalOrder(proposalHashes).map((i) => proposalHashes[i]!),
        votes: result.votes, signature: result.signature,
      };
      const send = () => publish(ballot).catch((error: unknown) => options.log(`[${agent}] could not relay its ballot: ${String(error)}`));
      // Until the evaluate deadline another agent may still be evaluating this round: the ballot
      // would tell it which candidate is this agent's. After it, no ballot of the round can change.
      const wait = evaluated.deadline - Date.now();
      if (wait <= 0) return void send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        void send();
      }, wait);
      timers.add(timer);
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const running = await Promise.all(relayers.values());
      relayers.clear();
      await Promise.all(running.map((r) => r?.stop()));
    },
  };
}
