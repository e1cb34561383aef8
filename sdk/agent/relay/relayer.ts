// The relayer: follows one session's relayed ballots and, as soon as every agent of the session has
// signed a ballot over the same list of proposals for a round, records that complete round on chain
// itself. So no single party (the orchestrator included) decides alone that a round's ballots exist
// or that an agent was absent: anyone holding every agent's ballot can record the round.
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { Hex } from "viem";
import { ConcordError } from "../../protocol/errors.ts";
import { revertName } from "../../protocol/revert.ts";
import { NATS_RECONNECT } from "../../protocol/limits.ts";
import { subjects } from "../../protocol/subjects.ts";
import { SIGNATURE_HEADER } from "../../protocol/message-signature.ts";
import { checkRelayedBallot, type CheckedBallot, type RelaySession } from "../../protocol/relayed-ballot.ts";
import { recoverSigner } from "../../protocol/secp256k1.ts";
import type { SessionsContractRef } from "../../protocol/attestation.ts";
import { relayChain, type RelayChain, type RelayChainOptions } from "./relay-chain.ts";
import type { NatsAuth } from "../../protocol/nats-auth.ts";
import { natsAuthOptions } from "../nats-auth.ts";
import { closeConnection } from "../close-connection.ts";

export interface StartRelayerOptions {
  /** An open connection (an agent's own), or where to open one with a user that may read `subjects.sessionRelay`. */
  nats: NatsConnection | { servers: string | string[]; auth?: NatsAuth };
  sessionId: bigint;
  /** The Sessions contract: the EIP-712 domain ballots are checked against, and where rounds are recorded. */
  sessions: SessionsContractRef;
  chain: RelayChainOptions;
  /** One line per ballot dropped, round relayed or refused. */
  log?: (line: string) => void;
  /** Called once per round with what the relayer did about it. */
  onResult?: (result: RelayResult) => void;
  /** How often a round that waits (for an earlier round, or a chain that did not answer) is tried again (default 1 000 ms). */
  retryMs?: number;
}

/** What the relayer did about one round it held every agent's ballot for. */
export type RelayResult =
  /** This relayer recorded the complete round (`replaced`: over a partial version of it). */
  | { round: number; status: "recorded"; txHash: Hex; replaced: boolean }
  /** The chain already holds the complete round: success, whoever recorded it (`lostRace`: it landed while this relayer was sending). */
  | { round: number; status: "already-complete"; txHash: Hex; lostRace: boolean }
  /** The chain holds the round with `absent` agents and refused the complete version (`revert`, e.g. RoundAlreadyRecorded). */
  | { round: number; status: "partial-kept"; absent: number[]; revert: string | undefined; reason: string }
  /** Any other refusal, with the contract's error name when it was a revert. */
  | { round: number; status: "failed"; revert: string | undefined; reason: string };

export interface Relayer {
  /** Resolves once the subscription is live on the server. */
  ready: Promise<void>;
  /** The first result for `round` (already given, or to come). */
  settled(round: number): Promise<RelayResult>;
  stop(): Promise<void>;
}

export async function startRelayer(options: StartRelayerOptions): Promise<Relayer> {
  const chain = relayChain(options.sessions, options.chain);
  const signers = await chain.signers(options.sessionId).catch((cause: unknown) => {
    if (revertName(cause) !== "UnknownSession") throw cause;
    throw new ConcordError("SESSION_NOT_FOUND", `session ${options.sessionId} is not on chain at ${options.sessions.address}: nothing to relay`, { cause });
  });
  const session: RelaySession = { sessionId: options.sessionId, signers };
  const own = "servers" in options.nats; // a connection this relayer opened, so closes
  const nc = "servers" in options.nats
    ? await connect({ servers: options.nats.servers, name: `concord-relayer-${options.sessionId}`, ...NATS_RECONNECT, ...natsAuthOptions(options.nats.auth) })
    : options.nats;
  const relay = new RoundRelay(session, chain, options);
  const subscription = nc.subscribe(subjects.sessionRelay(String(options.sessionId)));
  const loop = (async () => {
    for await (const msg of subscription) {
      await relay.receive(msg.data, msg.headers?.get(SIGNATURE_HEADER));
    }
  })();
  const timer = setInterval(() => relay.retryWaiting(), options.retryMs ?? 1_000);
  return {
    ready: nc.flush(),
    settled: (round) => relay.settled(round),
    async stop() {
      clearInterval(timer);
      subscription.unsubscribe();
      await loop;
      await relay.idle();
      if (own) await closeConnection(nc);
    },
  };
}

/** Every agent's ballots of one session, by round and by the list they were cast over. */
class RoundRelay {
  /** round → proposalsHash → agentIndex → latest ballot. */
  private readonly ballots = new Map<number, Map<Hex, Map<number, CheckedBallot>>>();
  /** Complete rounds that wait for an earlier round to be recorded, or for the chain to answer again. */
  private readonly waiting = new Map<number, CheckedBallot[]>();
  /** Sets of ballots already sent or judged (one key per set), so a repeat is not sent twice. */
  private readonly tried = new Set<string>();
  private readonly results = new Map<number, RelayResult>();
  private readonly listeners = new Map<number, ((r: RelayResult) => void)[]>();
  /** Chain work runs one round at a time, in arrival order: one wallet, no nonce races. */
  private queue: Promise<void> = Promise.resolve();
  private readonly log: (line: string) => void;
  private readonly session: RelaySession;
  private readonly chain: RelayChain;
  private readonly options: Pick<StartRelayerOptions, "sessions" | "log" | "onResult">;

  constructor(session: RelaySession, chain: RelayChain, options: Pick<StartRelayerOptions, "sessions" | "log" | "onResult">) {
    this.session = session;
    this.chain = chain;
    this.options = options;
    this.log = options.log ?? (() => {});
  }

  async receive(data: Uint8Array, signature: string | undefined): Promise<void> {
    let ballot: CheckedBallot;
    try {
      ballot = await checkRelayedBallot(data, signature, this.session, this.options.sessions, recoverSigner);
    } catch (error) {
      this.log(`relay ${this.session.sessionId}: dropped a ballot: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    // Complete: every agent signed over the same list, which holds one proposal per agent. A ballot
    // over fewer (an attest's) can be in no complete round, and each agent's latest ballot over a
    // full list is the only one kept: an agent signing ballots over list after list holds one
    // entry, not one per list.
    const agents = this.session.signers.length;
    if (ballot.proposalCount !== agents) return;
    const byList = this.ballots.get(ballot.round) ?? new Map<Hex, Map<number, CheckedBallot>>();
    this.ballots.set(ballot.round, byList);
    const agent = ballot.attestation.agentIndex;
    for (const [list, signed] of byList) {
      if (list === ballot.proposalsHash || !signed.delete(agent)) continue;
      if (signed.size === 0) byList.delete(list);
    }
    const group = byList.get(ballot.proposalsHash) ?? new Map<number, CheckedBallot>();
    byList.set(ballot.proposalsHash, group);
    group.set(agent, ballot);
    if (group.size === agents) this.enqueue(ballot.round, [...group.values()]);
  }

  settled(round: number): Promise<RelayResult> {
    const known = this.results.get(round);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => this.listeners.set(round, [...(this.listeners.get(round) ?? []), resolve]));
  }

  retryWaiting(): void {
    for (const [round, ballots] of this.waiting) {
      this.waiting.delete(round);
      this.enqueue(round, ballots, true);
    }
  }

  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(round: number, ballots: CheckedBallot[], retry = false): void {
    const key = `${round}:${ballots.map((b) => b.attestation.signature).sort().join()}`;
    if (!retry && this.tried.has(key)) return;
    this.tried.add(key);
    this.queue = this.queue.then(() => this.relay(round, ballots)).catch((error: unknown) => {
      // Not a refusal (those come back as results) but the chain out of reach: try again later.
      this.log(`relay ${this.session.sessionId}: round ${round} not relayed yet: ${error instanceof Error ? error.message : String(error)}`);
      this.waiting.set(round, ballots);
    });
  }

  private async relay(round: number, ballots: CheckedBallot[]): Promise<void> {
    const { sessionId } = this.session;
    const agents = this.session.signers.length;
    const recorded = await this.chain.roundsRecorded(sessionId);
    if (recorded < round - 1) {
      // recordRound takes rounds in order: wait for round - 1 (whoever records it).
      this.waiting.set(round, ballots);
      return;
    }
    const before = recorded >= round ? await this.chain.recorded(sessionId, round, agents) : undefined;
    if (before && before.present === fullMask(agents)) {
      return this.finish({ round, status: "already-complete", txHash: before.txHash, lostRace: false });
    }
    // Not on chain yet, or on chain with absent agents: send the complete round (a contract with a
    // dispute window lets it replace the partial one; one without refuses with RoundAlreadyRecorded).
    const sent = await this.chain.record(sessionId, round, ballots.map((b) => b.attestation));
    if (sent.sent) return this.finish({ round, status: "recorded", txHash: sent.txHash, replaced: before !== undefined });
    // The round before is not on chain yet, or it is a partial round still open to dispute:
    // wait (the retry timer and each later round's result try again).
    if (sent.revert === "RoundOutOfOrder" || sent.revert === "RoundDisputable") {
      this.waiting.set(round, ballots);
      return;
    }
    const after = await this.chain.recorded(sessionId, round, agents);
    if (after && after.present === fullMask(agents)) {
      return this.finish({ round, status: "already-complete", txHash: after.txHash, lostRace: true });
    }
    if (after) {
      const absent = Array.from({ length: agents }, (_, i) => i).filter((i) => (after.present >> BigInt(i)) % 2n === 0n);
      return this.finish({ round, status: "partial-kept", absent, revert: sent.revert, reason: sent.reason });
    }
    this.finish({ round, status: "failed", revert: sent.revert, reason: sent.reason });
  }

  private finish(result: RelayResult): void {
    const line = result.status === "recorded" || result.status === "already-complete"
      ? `round ${result.round} ${result.status} (tx ${result.txHash})`
      : `round ${result.round} ${result.status}: ${result.reason}`;
    this.log(`relay ${this.session.sessionId}: ${line}`);
    if (!this.results.has(result.round)) this.results.set(result.round, result);
    for (const resolve of this.listeners.get(result.round) ?? []) resolve(result);
    this.listeners.delete(result.round);
    this.options.onResult?.(result);
    // A round now on chain may be the one a later complete round was waiting for.
    if (result.status === "recorded" || result.status === "already-complete") this.retryWaiting();
  }
}

function fullMask(agents: number): bigint {
  return (1n << BigInt(agents)) - 1n;
}
