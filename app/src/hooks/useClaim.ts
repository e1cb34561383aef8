// The connected account's claimable payout in one token (zeroAddress: ETH) and the claim
// transaction. The claim is simulated continuously while there is something to claim, so the
// button is enabled only when it would pass; pressing it sends the simulated request (useTx).
import type { Address } from "viem";
import { useReadContract, useSimulateContract } from "wagmi";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { canClaim, claimState, type ClaimState } from "../lib/claim.ts";
import { useDeployment } from "./useDeployment.ts";
import { useRefetchOnBlock } from "./useRefetchOnBlock.ts";
import { useTx } from "./useTx.ts";

export type UseClaimResult = {
  readonly claimable: bigint | undefined;
  readonly state: ClaimState;
  readonly canClaim: boolean;
  readonly claim: () => void;
};

export function useClaim(account: Address, token: Address, symbol: string): UseClaimResult {
  const address = useDeployment().contracts.Sessions;
  const claimable = useReadContract({ address, abi: sessionsAbi, functionName: "claimable", args: [token, account] });
  useRefetchOnBlock(claimable.refetch);
  const hasFunds = claimable.data !== undefined && claimable.data > 0n;
  const simulate = useSimulateContract({
    address,
    abi: sessionsAbi,
    functionName: "claim",
    args: [token],
    account,
    // Re-simulate whenever the balance changes, so the request matches what is owed now.
    scopeKey: claimable.data?.toString(),
    query: { enabled: hasFunds },
  });
  const tx = useTx();
  const inputs = {
    ...tx.inputs,
    claimable: claimable.data,
    simulate: { status: hasFunds ? simulate.status : "idle", error: simulate.error },
  } as const;
  return {
    claimable: claimable.data,
    state: claimState(inputs),
    canClaim: canClaim(inputs),
    claim: () => {
      if (simulate.data !== undefined) void tx.run({ address, abi: sessionsAbi, functionName: "claim", args: [token] }, { simulated: true, confirmation: `Claim of ${symbol} confirmed` });
    },
  };
}
