// The calldata of Sessions.recordRound: no ABI arguments, the selector followed by one packed
// message, sessionId:uint64 ‖ round:uint8 ‖ the packed round (see ISessions.recordRound), which is
// P:uint8, then P entries in ascending proposal-hash order, each
// agentIndex:uint8 ‖ proposalHash:bytes32 ‖ signature:65 bytes (r ‖ s ‖ v) ‖ votes:P bytes,
// then the 20-byte signer of every absent agent, in agent order, then the session's round terms
// (Sessions.roundTerms, 23 bytes): the contract checks signers and terms against one storage key.
import { type Address, type Hex, concat, getAbiItem, numberToHex, size, slice, toFunctionSelector } from "viem";
import { sessionsAbi } from "../abis/index.ts";
import { ConcordError } from "./errors.ts";

/** One present agent's attestation for a round. */
export interface RoundAttestation {
  /** The agent's position in the session's agent list. */
  agentIndex: number;
  proposalHash: Hex;
  /** The packed ballot it signed: one int8 per present proposal, hashes ascending. */
  votes: Hex;
  /** Its 65-byte EIP-712 signature. */
  signature: Hex;
}

/** Bytes of the round terms that end a packed round. */
export const ROUND_TERMS_BYTES = 23;

/**
 * Packs a round. `absentSigners` are the snapshotted signers of the agents that did not attest,
 * in agent order (empty for a full round); `terms` is the session's `Sessions.roundTerms`.
 */
export function packRound(attestations: readonly RoundAttestation[], absentSigners: readonly Address[], terms: bigint): Hex {
  const count = attestations.length;
  const sorted = [...attestations].sort((a, b) => (BigInt(a.proposalHash) < BigInt(b.proposalHash) ? -1 : 1));
  const parts: Hex[] = [numberToHex(count, { size: 1 })];
  for (const a of sorted) {
    if (size(a.signature) !== 65) {
      throw new ConcordError("INVALID_SIGNATURE", `agent ${a.agentIndex}'s signature is ${size(a.signature)} bytes, not 65`);
    }
    if (size(a.votes) !== count) {
      throw new ConcordError("BALLOT_LENGTH_MISMATCH", `agent ${a.agentIndex}'s ballot has ${size(a.votes)} votes for ${count} proposals`);
    }
    parts.push(numberToHex(a.agentIndex, { size: 1 }), a.proposalHash, a.signature, a.votes);
  }
  if (terms < 0n || terms >= 1n << BigInt(8 * ROUND_TERMS_BYTES)) {
    throw new ConcordError("INVALID_ROUND_TERMS", `round terms ${terms} do not fit ${ROUND_TERMS_BYTES} bytes`);
  }
  parts.push(...absentSigners, numberToHex(terms, { size: ROUND_TERMS_BYTES }));
  return concat(parts);
}

/** The largest session id a recordRound message carries (8 bytes). */
export const MAX_MESSAGE_SESSION_ID = (1n << 64n) - 1n;

/**
 * What follows recordRound's selector: sessionId:uint64 ‖ round:uint8 ‖ `packed` (packRound's
 * output). Sent with viem as `{ functionName: "recordRound", args: [], dataSuffix: message }`.
 */
export function recordRoundMessage(sessionId: bigint, round: number, packed: Hex): Hex {
  if (sessionId < 0n || sessionId > MAX_MESSAGE_SESSION_ID) {
    throw new ConcordError("INVALID_ROUND_MESSAGE", `session id ${sessionId} does not fit the 8 bytes of a recordRound message`);
  }
  if (!Number.isInteger(round) || round < 0 || round > 255) {
    throw new ConcordError("INVALID_ROUND_MESSAGE", `round ${round} does not fit the 1 byte of a recordRound message`);
  }
  return concat([numberToHex(sessionId, { size: 8 }), numberToHex(round, { size: 1 }), packed]);
}

/** recordRound's selector: what a recordRound transaction's input starts with. */
export const RECORD_ROUND_SELECTOR = toFunctionSelector(getAbiItem({ abi: sessionsAbi, name: "recordRound" }));

/** A recordRound transaction's input read back; undefined for any other call or a short message. */
export function parseRecordRoundCall(input: Hex): { sessionId: bigint; round: number; packed: Hex } | undefined {
  if (size(input) < 13 || slice(input, 0, 4).toLowerCase() !== RECORD_ROUND_SELECTOR) return undefined;
  return { sessionId: BigInt(slice(input, 4, 12)), round: Number(BigInt(slice(input, 12, 13))), packed: slice(input, 13) };
}

/** Sessions.multicall's selector: what a batch's input starts with. */
export const MULTICALL_SELECTOR = toFunctionSelector(getAbiItem({ abi: sessionsAbi, name: "multicall" }));

/** Bytes of the length before each call in a Sessions.multicall batch. */
const CALL_LENGTH_BYTES = 3;
/** The longest call a batch can carry: its length must fit those 3 bytes. */
export const MAX_BATCHED_CALL_BYTES = 2 ** (8 * CALL_LENGTH_BYTES) - 1;

/**
 * Sessions.multicall's input for `calls` (each a whole calldata of a Sessions function): the
 * selector, then each call packed as its length (3 bytes, big-endian) and its bytes, no ABI
 * encoding (see ISessions.multicall).
 */
export function packCalls(calls: readonly Hex[]): Hex {
  const parts: Hex[] = [MULTICALL_SELECTOR];
  for (const call of calls) {
    const length = size(call);
    if (length > MAX_BATCHED_CALL_BYTES) {
      throw new ConcordError("INVALID_ROUND_MESSAGE", `a batched call of ${length} bytes does not fit a 3-byte length`);
    }
    parts.push(numberToHex(length, { size: CALL_LENGTH_BYTES }), call);
  }
  return concat(parts);
}

/**
 * What follows multicall's selector for `calls`: viem's `dataSuffix` for
 * `{ functionName: "multicall", args: [] }`.
 */
export function multicallSuffix(calls: readonly Hex[]): Hex {
  return slice(packCalls(calls), 4);
}

/**
 * The calls a Sessions.multicall input holds, in order; undefined for any other input or a batch
 * whose lengths do not add up (the contract refuses it: BatchDataLength).
 */
export function unpackCalls(input: Hex): Hex[] | undefined {
  if (size(input) < 4 || slice(input, 0, 4).toLowerCase() !== MULTICALL_SELECTOR) return undefined;
  const end = size(input);
  const calls: Hex[] = [];
  for (let at = 4; at < end;) {
    if (at + CALL_LENGTH_BYTES > end) return undefined;
    const length = Number(BigInt(slice(input, at, at + CALL_LENGTH_BYTES)));
    at += CALL_LENGTH_BYTES;
    if (at + length > end) return undefined;
    calls.push(length === 0 ? "0x" : slice(input, at, at + length));
    at += length;
  }
  return calls;
}

/**
 * Every recordRound a transaction's input holds: the call itself, or the ones inside a
 * Sessions.multicall (a batch of sessions' rounds, a last round sent with its settlement), in
 * order, batches within batches included. Other calls are skipped; input that does not decode
 * holds none.
 */
export function recordRoundCalls(input: Hex): { sessionId: bigint; round: number; packed: Hex }[] {
  const direct = parseRecordRoundCall(input);
  if (direct) return [direct];
  return unpackCalls(input)?.flatMap(recordRoundCalls) ?? [];
}

/** Packs a round every agent attested, from arrays in agent order. */
export function packFullRound(
  proposalHashes: readonly Hex[],
  ballots: readonly Hex[],
  signatures: readonly Hex[],
  terms: bigint,
): Hex {
  return packRound(fullRoundAttestations(proposalHashes, ballots, signatures), [], terms);
}

/** The attestations of a round every agent attested, from arrays in agent order. */
export function fullRoundAttestations(
  proposalHashes: readonly Hex[],
  ballots: readonly Hex[],
  signatures: readonly Hex[],
): RoundAttestation[] {
  return proposalHashes.map((proposalHash, agentIndex) => ({
    agentIndex, proposalHash, votes: ballots[agentIndex]!, signature: signatures[agentIndex]!,
  }));
}

/** What a RoundRecorded event's packed `outcome` word says about a round. */
export interface RoundOutcome {
  /** Each agent's score, in agent order (0 for an absent agent). */
  scores: number[];
  /** Bitmap of the agents that attested, by agent index. */
  present: bigint;
  /** The round winner's agent index. */
  winnerIndex: number;
  /**
   * Each agent's level in the round, in [0, 2L] (0 when absent): the median of the votes its
   * eligible evaluators gave it (of an even count the mean of the two middle ones, rounded down),
   * clamped to [−L, L], plus L (docs/economics.md).
   */
  levels: number[];
}

/**
 * Unpacks a RoundRecorded event's `outcome`: int16 scores in bits [16i, 16i + 16) for agent i,
 * the present bitmap in bits [160, 170), the winner's agent index in bits [170, 174), agent i's
 * level in bits [176 + 8i, 184 + 8i).
 */
export function unpackRoundOutcome(outcome: bigint, agentCount: number): RoundOutcome {
  return {
    scores: unpackRoundScores(outcome, agentCount),
    present: (outcome >> 160n) & 0x3ffn,
    winnerIndex: Number((outcome >> 170n) & 0xfn),
    levels: Array.from({ length: agentCount }, (_, i) => Number((outcome >> BigInt(176 + 8 * i)) & 0xffn)),
  };
}

/** The per-agent scores of a RoundRecorded `outcome`: int16 lanes, agent i in bits [16i, 16i + 16). */
export function unpackRoundScores(packed: bigint, agentCount: number): number[] {
  return Array.from({ length: agentCount }, (_, i) => {
    const lane = Number((packed >> BigInt(16 * i)) & 0xffffn);
    return lane >= 0x8000 ? lane - 0x10000 : lane;
  });
}
