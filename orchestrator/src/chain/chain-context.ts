// What every chain action is given first (viem's `client`): a public client and the deployment
// whose contracts it acts on. A write also names the wallet it sends from, in its parameters.
import type { PublicClient } from "viem";
import type { Deployment } from "@concord/agent-sdk/protocol";

export interface ChainContext {
  publicClient: PublicClient;
  deployment: Deployment;
}
