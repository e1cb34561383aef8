// Whether a job request was signed by the session's on-chain submitter. Verified through the
// public client, so a contract submitter (ERC-1271, or ERC-6492 before its deployment) passes as
// well as a plain account: viem recovers an EOA's signature locally and asks the chain otherwise.
import type { Address, Hex } from "viem";
import { jobRequestTypedData, type JobRequestParameters } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain/chain-context.ts";

export type VerifyJobRequestParameters = Omit<JobRequestParameters, "chainId" | "sessions"> & {
  readonly submitter: Address;
  readonly signature: Hex;
};

/** True when `signature` is `submitter`'s over this deployment's JobRequest; false for anything else. */
export async function verifyJobRequest(chain: ChainContext, parameters: VerifyJobRequestParameters): Promise<boolean> {
  const { submitter, signature, ...request } = parameters;
  const typedData = jobRequestTypedData({
    ...request, chainId: chain.deployment.chainId, sessions: chain.deployment.contracts.Sessions,
  });
  try {
    return await chain.publicClient.verifyTypedData({ ...typedData, address: submitter, signature });
  } catch {
    // A malformed signature (wrong length, not a curve point) is a wrong one.
    return false;
  }
}
