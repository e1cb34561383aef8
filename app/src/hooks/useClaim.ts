// The connected account's claimable payout and the claim transaction:
// simulate, then write the simulated request, then wait for the receipt.
import { type Address, zeroAddress } from "viem";
import { useReadContract, useSimulateContract, useWaitForTransactionReceipt, useWriteContract } from "wagmi";
import { sessionsAbi } from "../../../sdk/protocol/abis.generated.ts";
import { canClaim, claimState, type ClaimInputs, type ClaimState } from "../lib/claim.ts";
import { useDeployment } from "./useDeployment.ts";
import { useRefetchOnBlock } from "./useRefetchOnBlock.ts";

export type UseClaimResult = {
  readonly claimable: bigint | undefined;
  readonly state: ClaimState;
  readonly canClaim: boolean;
  readonly claim: () => void;
};

export function useClaim(account: Address): UseClaimResult {
  const address = useDeployment().contracts.Sessions;
  const claimable = useReadContract({ address, abi: sessionsAbi, functionName: "claimable", args: [zeroAddress, account] });
  useRefetchOnBlock(claimable.refetch);
  const hasFunds = claimable.data !== undefined && claimable.data > 0n;
  const simulate = useSimulateContract({
    address,
    abi: sessionsAbi,
    functionName: "claim",
    args: [zeroAddress],
    account,
    // Re-simulate whenever the balance changes, so the request matches what is owed now.
    scopeKey: claimable.data?.toString(),
    query: { enabled: hasFunds },
  });
  const write = useWriteContract();
  const receipt = useWaitForTransactionReceipt({ hash: write.data });

  const inputs: ClaimInputs = {
    claimable: claimable.data,
    simulate: { status: hasFunds ? simulate.status : "idle", error: simulate.error },
    write: { status: write.status, error: write.error, hash: write.data },
    receipt: { status: write.data === undefined ? "idle" : receipt.status, error: receipt.error, receiptStatus: receipt.data?.status },
  };
  return {
    claimable: claimable.data,
    state: claimState(inputs),
    canClaim: canClaim(inputs),
    claim: () => {
      // The simulated request carries only claim's ABI item; give the write the whole ABI so a
      // revert at send time (someone claimed first) decodes to the contract's custom error.
      if (simulate.data !== undefined) write.mutate({ ...simulate.data.request, abi: sessionsAbi });
    },
  };
}
