// Display formatting for chain values: exact ETH amounts and shortened hashes.
import { formatEther, type Hex } from "viem";

/** Wei as an exact decimal ETH string ("1.5 ETH"); payouts are split to the wei, so never rounded. */
export function formatEth(wei: bigint): string {
  return `${formatEther(wei)} ETH`;
}

const zeroHash = `0x${"0".repeat(64)}`;

/** `0x1234ab…cdef` for a 32-byte hash; null for the zero hash (nothing recorded yet). */
export function shortHash(hash: Hex): string | null {
  if (hash.toLowerCase() === zeroHash) return null;
  return `${hash.slice(0, 8)}…${hash.slice(-4)}`;
}
