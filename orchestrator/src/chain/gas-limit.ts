// Gas limits set locally instead of an eth_estimateGas per transaction. A call whose cost is known
// from bench:gas takes a limit from GAS_TABLE (with headroom); any other call is estimated once
// per shape (contract, function, calldata length: the length carries the panel size and the
// absent agents) and the estimate kept with headroom. A transaction that still runs out of gas
// raises its shape's limit (raiseGasLimit) and is sent once more by write-contract.ts.
import type { Abi, Hex, PublicClient } from "viem";

/**
 * Limits from docs/benchmarks.md (bench:gas, N = 3, 5, 8; every agent present), about twice what
 * was measured, as base + per agent: recordRound 56.6k / 71.8k / 99.1k, settle 142k / 194k / 271k;
 * an absent agent costs its round more (its signer closed out, the round left open to dispute).
 */
export const GAS_TABLE = {
  recordRound: { base: 60_000n, perAgent: 20_000n, perAbsent: 30_000n },
  settle: { base: 140_000n, perAgent: 60_000n },
  /** 88.9k with one recipient; each further one adds a first write of a balance. */
  claimRoyalty: { base: 120_000n, perRecipient: 40_000n },
} as const;

export function recordRoundGas(present: number, absent: number): bigint {
  const t = GAS_TABLE.recordRound;
  return t.base + t.perAgent * BigInt(present + absent) + t.perAbsent * BigInt(absent);
}

export function settleGas(agents: number): bigint {
  return GAS_TABLE.settle.base + GAS_TABLE.settle.perAgent * BigInt(agents);
}

export function claimRoyaltyGas(recipients: number): bigint {
  return GAS_TABLE.claimRoyalty.base + GAS_TABLE.claimRoyalty.perRecipient * BigInt(recipients);
}

/** Headroom on an estimate: state the estimate did not see (another round, a first write). */
const HEADROOM_PERCENT = 130n;

/** Per client: each shape's estimate, and the limits raised after running out (these beat the table). */
const byClient = new WeakMap<PublicClient, { estimated: Map<string, bigint>; raised: Map<string, bigint> }>();

function shapesOf(publicClient: PublicClient) {
  let shapes = byClient.get(publicClient);
  if (!shapes) byClient.set(publicClient, (shapes = { estimated: new Map(), raised: new Map() }));
  return shapes;
}

export interface GasRequest {
  account: Hex;
  address: Hex;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  value?: bigint;
  dataSuffix?: Hex;
}

const shapeOf = (r: GasRequest, data: Hex) => `${r.address.toLowerCase()}:${r.functionName}:${data.length}`;

/** Estimated with the ABI, so a call that would revert fails here with the contract's error decoded. */
async function estimate(publicClient: PublicClient, r: GasRequest): Promise<bigint> {
  const estimateContractGas = publicClient.estimateContractGas as (args: unknown) => Promise<bigint>;
  const estimated = await estimateContractGas({ address: r.address, abi: r.abi, functionName: r.functionName, args: r.args, value: r.value, dataSuffix: r.dataSuffix, account: r.account });
  return (estimated * HEADROOM_PERCENT) / 100n;
}

export async function gasLimitFor(publicClient: PublicClient, request: GasRequest, data: Hex, fromTable?: bigint): Promise<bigint> {
  const { estimated, raised } = shapesOf(publicClient);
  const shape = shapeOf(request, data);
  const limit = raised.get(shape) ?? fromTable ?? estimated.get(shape);
  if (limit !== undefined) return limit;
  const fresh = await estimate(publicClient, request);
  estimated.set(shape, fresh);
  return fresh;
}

/** After an out-of-gas: this shape's limit from a fresh estimate (never below what ran out). */
export async function raiseGasLimit(publicClient: PublicClient, request: GasRequest, data: Hex, ranOut: bigint): Promise<bigint> {
  const fresh = await estimate(publicClient, request);
  const limit = fresh > ranOut ? fresh : (ranOut * HEADROOM_PERCENT) / 100n;
  shapesOf(publicClient).raised.set(shapeOf(request, data), limit);
  return limit;
}
