// The relayer's view of the chain: the session's snapshot, the rounds already recorded, and one
// recordRound sent from the relayer's own wallet, its revert read by name (protocol/revert.ts).
import {
  createPublicClient, createWalletClient, http, type Account, type Address, type Hex, type PublicClient,
} from "viem";
import { sessionsAbi } from "../../abis/index.ts";
import { chainAt } from "../../protocol/chain-at.ts";
import { packRound, recordRoundMessage, type RoundAttestation } from "../../protocol/round-packing.ts";
import { getRoundRecordedLogs, parseRoundRecordedLogs, recordedRound } from "../../protocol/events/round-recorded.ts";
import { describeRevert, revertName } from "../../protocol/revert.ts";
import type { SessionsContractRef } from "../../protocol/attestation.ts";

/** Where and as whom a relayer records rounds. */
export interface RelayChainOptions {
  /** JSON-RPC endpoint of the chain the Sessions contract lives on. */
  rpcUrl: string;
  /** Pays for the recordRound transactions (any funded account: a complete round needs no role). */
  account: Account;
  /** First block to read RoundRecorded events from (the deployment's block; default 0). */
  fromBlock?: bigint;
}

/** A round as the chain holds it: which agents attested it. */
export interface ChainRound {
  /** Bitmap of present agents, by agent index. */
  present: bigint;
  txHash: Hex;
}

/** What one recordRound attempt came to. */
export type SendOutcome =
  | { sent: true; txHash: Hex; present: bigint }
  | { sent: false; revert: string | undefined; reason: string };

export interface RelayChain {
  signers(sessionId: bigint): Promise<Address[]>;
  roundsRecorded(sessionId: bigint): Promise<number>;
  /** The last RoundRecorded event of the round (a replaced round has two), if any. */
  recorded(sessionId: bigint, round: number, agentCount: number): Promise<ChainRound | undefined>;
  /** Packs and sends a round every agent attested; never throws for a revert. */
  record(sessionId: bigint, round: number, attestations: readonly RoundAttestation[]): Promise<SendOutcome>;
}

export function relayChain(contract: SessionsContractRef, options: RelayChainOptions): RelayChain {
  const { chain, pollingInterval } = chainAt(contract.chainId, options.rpcUrl);
  const publicClient = createPublicClient({ chain, transport: http(options.rpcUrl), pollingInterval }) as PublicClient;
  const wallet = createWalletClient({ account: options.account, chain, transport: http(options.rpcUrl), pollingInterval });
  const read = { address: contract.address, abi: sessionsAbi } as const;
  let terms: Promise<bigint> | undefined;

  return {
    signers: async (sessionId) => [...await publicClient.readContract({ ...read, functionName: "getSigners", args: [sessionId] })],
    roundsRecorded: async (sessionId) => (await publicClient.readContract({ ...read, functionName: "getSession", args: [sessionId] })).roundsRecorded,
    async recorded(sessionId, round, agentCount) {
      const events = await getRoundRecordedLogs(publicClient, { address: contract.address, sessionId, round, fromBlock: options.fromBlock ?? 0n });
      const last = events.at(-1);
      return last && { present: recordedRound(last, agentCount).present, txHash: last.txHash };
    },
    async record(sessionId, round, attestations) {
      // The session's terms are fixed at creation: read once, sent at the end of every packed round.
      terms ??= publicClient.readContract({ ...read, functionName: "roundTerms", args: [sessionId] });
      try {
        const packed = packRound(attestations, [], await terms);
        // Simulated first: a refusal comes back as the contract's error, before any gas is spent.
        // In the pending block, whose time is the node's now: a devnet that mines on demand keeps
        // its latest block's old time, so a dispute window would never seem to close there.
        const { request } = await publicClient.simulateContract({
          ...read, functionName: "recordRound", args: [], dataSuffix: recordRoundMessage(sessionId, round, packed), account: options.account, blockTag: "pending",
        });
        const hash = await oneAtATime(`${contract.chainId}:${options.account.address}`, () => wallet.writeContract(request));
        const receipt = await publicClient.waitForTransactionReceipt({ hash });
        if (receipt.status !== "success") return { sent: false, revert: undefined, reason: `recordRound reverted in block ${receipt.blockNumber} (tx ${hash})` };
        const [event] = parseRoundRecordedLogs({ logs: receipt.logs, sessionId, round });
        return { sent: true, txHash: hash, present: event ? recordedRound(event, attestations.length).present : 0n };
      } catch (error) {
        terms = undefined;
        return { sent: false, revert: revertName(error), reason: describeRevert(error) };
      }
    },
  };
}

/** Per chain and account in this process: an agent's relayers of several sessions share one account. */
const lanes = new Map<string, Promise<unknown>>();

/** Sends one transaction at a time from an account, so two relayers never take the same nonce. */
function oneAtATime<T>(key: string, send: () => Promise<T>): Promise<T> {
  const sent = (lanes.get(key) ?? Promise.resolve()).then(send, send);
  lanes.set(key, sent.catch(() => {}));
  return sent;
}
