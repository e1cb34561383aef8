// EIP-1559 fees for the orchestrator's transactions from one estimate per node, kept for
// FEE_TTL_MS: one eth_feeHistory call (the next block's base fee and the last block's median tip)
// serves every transaction sent meanwhile, instead of two calls per transaction. The cap is twice
// the base fee, so it holds through several full blocks; a node that still refuses it (fee cap
// below the base fee) has the estimate dropped (forgetFees) and the send is tried once more.
import { parseGwei, type PublicClient } from "viem";

export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** How long one estimate serves: about a block on most chains. */
export const FEE_TTL_MS = 12_000;
/** The tip when the last block paid none (an idle devnet): what nodes suggest by default. */
const MIN_TIP = parseGwei("1");

const cache = new WeakMap<PublicClient, { fees: Promise<Fees>; at: number }>();

export function feesFor(publicClient: PublicClient, now = Date.now()): Promise<Fees> {
  const cached = cache.get(publicClient);
  if (cached && now - cached.at < FEE_TTL_MS) return cached.fees;
  const fees = estimate(publicClient);
  cache.set(publicClient, { fees, at: now });
  // A failed estimate is not kept: the next send asks again.
  fees.catch(() => cache.get(publicClient)?.fees === fees && cache.delete(publicClient));
  return fees;
}

export function forgetFees(publicClient: PublicClient): void {
  cache.delete(publicClient);
}

async function estimate(publicClient: PublicClient): Promise<Fees> {
  const history = await publicClient.getFeeHistory({ blockCount: 1, rewardPercentiles: [50] });
  const baseFee = history.baseFeePerGas.at(-1) ?? 0n;
  const paid = history.reward?.[0]?.[0] ?? 0n;
  const maxPriorityFeePerGas = paid > MIN_TIP ? paid : MIN_TIP;
  return { maxFeePerGas: 2n * baseFee + maxPriorityFeePerGas, maxPriorityFeePerGas };
}
