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
  /**
   * The orchestrator that runs the jobs queued through this deployment's dApp (POST /api/jobs):
   * the submit form's default for who may record and settle a new session.
   */
  orchestrator: address.optional(),
  /**
   * ERC-20 tokens the dApp offers for bounties besides ETH (a devnet lists its dev token; a real
   * deployment lists the tokens it accepts). Sessions itself takes any token without a transfer fee.
   */
  tokens: z
    .array(z.object({ symbol: z.string().min(1).max(16), address, decimals: z.number().int().min(0).max(36) }))
    .max(16)
    .optional(),
});

export type DeploymentToken = NonNullable<Deployment["tokens"]>[number];

export type Deployment = z.infer<typeof deploymentSchema>;
