// The bounty/payout currencies of a deployment: ETH (the zero address on chain) and the ERC-20
// tokens its record lists. Amounts are shown exactly (payouts are split to the smallest unit).
import { formatUnits, zeroAddress, type Address } from "viem";
import type { Deployment, DeploymentToken } from "@concord/agent-sdk/protocol";

export type Currency = DeploymentToken & { readonly native: boolean };

export const ETH: Currency = { symbol: "ETH", address: zeroAddress, decimals: 18, native: true };

export function currencies(deployment: Deployment): Currency[] {
  return [ETH, ...(deployment.tokens ?? []).map((t) => ({ ...t, native: false }))];
}

/** The currency a session's `token` address denotes; unlisted tokens show their address. */
export function currencyOf(list: readonly Currency[], token: Address): Currency {
  return list.find((c) => c.address.toLowerCase() === token.toLowerCase()) ?? { symbol: token, address: token, decimals: 18, native: false };
}

export function formatAmount(amount: bigint, currency: Pick<Currency, "symbol" | "decimals">): string {
  return `${formatUnits(amount, currency.decimals)} ${currency.symbol}`;
}
