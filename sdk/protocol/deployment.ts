// The deployment record: the only place contract addresses come from.
import { z } from "zod";
import { isAddress, type Address } from "viem";

const address = z.string().refine(isAddress, "not an address").transform((a) => a as Address);

export const deploymentSchema = z.object({
  chainId: z.number().int().positive(),
  /** RPC URL the deployer used (a browser reaches the devnet through the dApp server's /rpc). */
  rpcUrl: z.string().url(),
  /** Block of the first deployment transaction, as a decimal string: where event scans start. */
  deployedAtBlock: z.string().regex(/^\d+$/),
  contracts: z.object({
    AgentRegistry: address,
    Sessions: address,
  }),
});

export type Deployment = z.infer<typeof deploymentSchema>;
