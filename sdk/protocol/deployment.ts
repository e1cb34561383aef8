// The deployment record: the only place contract addresses come from.
// zod/mini (same engine, functional checks): the dApp parses this on its first render, and the
// mini build keeps the full zod out of that bundle.
import * as z from "zod/mini";
import { isAddress, type Address } from "viem";

const address = z.pipe(z.string().check(z.refine(isAddress, "not an address")), z.transform((a) => a as Address));

export const deploymentSchema = z.object({
  chainId: z.number().check(z.int(), z.positive()),
  /** RPC URL the deployer used (a browser reaches the devnet through the dApp server's /rpc). */
  rpcUrl: z.url(),
  /** Block of the first deployment transaction, as a decimal string: where event scans start. */
  deployedAtBlock: z.string().check(z.regex(/^\d+$/)),
  contracts: z.object({
    AgentRegistry: address,
    Sessions: address,
  }),
  /**
   * The orchestrator that runs the jobs queued through this deployment's dApp (POST /api/jobs):
   * the submit form's default for who may record and settle a new session.
   */
  orchestrator: z.optional(address),
  /**
   * ERC-20 tokens the dApp offers for bounties besides ETH (a devnet lists its dev token; a real
   * deployment lists the tokens it accepts). Sessions itself takes any token without a transfer fee.
   */
  tokens: z.optional(
    z.array(z.object({
      symbol: z.string().check(z.minLength(1), z.maxLength(16)),
      address,
      decimals: z.number().check(z.int(), z.minimum(0), z.maximum(36)),
    })).check(z.maxLength(16)),
  ),
});

export type DeploymentToken = NonNullable<Deployment["tokens"]>[number];

export type Deployment = z.infer<typeof deploymentSchema>;
