// `concord deploy --rpc URL`: deploys AgentRegistry and Sessions to any EVM network (a public
// testnet, an L2, another local node) once, and writes deployments/<chainId>.json. Run again, it
// finds the recorded contracts in place and sends nothing.
import { z } from "zod";
import { formatEther } from "viem";
import { deployToNetwork } from "@concord/deploy";
import { ConcordError } from "@concord/agent-sdk/protocol";
import { connectChain } from "../../chain/clients.ts";
import { parseFlags } from "../config/flags.ts";
import { RPC_URL_ENV } from "../config/deployment-by-chain.ts";
import { accountFromEnv } from "../config/keys.ts";
import type { Command } from "./command.ts";

export const DEPLOYER_KEY_ENV = "CONCORD_DEPLOYER_KEY";

const flagsSchema = z.object({
  rpc: z.string().url("a URL").optional(),
  "key-env": z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").default(DEPLOYER_KEY_ENV),
  treasury: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an address").optional(),
  "fee-bps": z.string().regex(/^\d+$/, "a whole number").transform(BigInt).refine((n) => n <= 1000n, "at most 1000").optional(),
  dir: z.string().min(1).optional(),
});

export const deployCommand: Command = {
  name: "deploy",
  summary: "deploy the contracts to any EVM network once and write deployments/<chainId>.json",
  help: `usage: concord deploy [--rpc URL] [--key-env VAR] [--treasury ADDRESS] [--fee-bps N] [--dir DIR]

Reads the chain id from the node and deploys AgentRegistry and Sessions from the compiler's
artifacts (npm run build:contracts first). If deployments/<chainId>.json already names contracts
whose code on chain is the compiled code, nothing is sent. Prints each contract's gas used.

options:
  --rpc URL            the network's JSON-RPC endpoint (default $${RPC_URL_ENV})
  --key-env VAR        variable holding the deployer's 0x key (default ${DEPLOYER_KEY_ENV})
  --treasury ADDRESS   receives protocol fees and what settlement leaves unearned (default: the
                       deployer); an orchestrator may not be the treasury, so name another
                       address if the deployer's key will orchestrate
  --fee-bps N          protocol fee in basis points, at most 1000 (default 100)
  --dir DIR            folder of the records (default $CONCORD_DEPLOYMENTS_DIR, else deployments/)

example:
  CONCORD_RPC_URL=https://sepolia.example CONCORD_DEPLOYER_KEY=0x… concord deploy`,
  options: { rpc: { type: "string" }, "key-env": { type: "string" }, treasury: { type: "string" }, "fee-bps": { type: "string" }, dir: { type: "string" } },
  positionals: { min: 0, max: 0 },
  async run(rawFlags) {
    const flags = parseFlags(flagsSchema, rawFlags);
    const rpcUrl = flags.rpc ?? process.env[RPC_URL_ENV];
    if (!rpcUrl) throw new ConcordError("CONFIG_INVALID", `no network given: pass --rpc URL or set ${RPC_URL_ENV}`);
    const account = accountFromEnv(flags["key-env"], "the deployer's key");
    let clients;
    try {
      clients = await connectChain(rpcUrl);
    } catch (cause) {
      throw new ConcordError("CHAIN_UNREACHABLE", `cannot reach the JSON-RPC node at ${rpcUrl}`, { cause });
    }
    const result = await deployToNetwork({
      wallet: clients.walletFor(account),
      publicClient: clients.publicClient,
      rpcUrl,
      ...(flags.treasury && { treasury: flags.treasury as `0x${string}` }),
      ...(flags["fee-bps"] !== undefined && { feeBps: flags["fee-bps"] }),
      ...(flags.dir && { dir: flags.dir }),
    });
    const { contracts, chainId } = result.deployment;
    if (result.status === "unchanged") {
      console.log(`chain ${chainId}: already deployed (${result.file}); nothing sent`);
    } else {
      if (result.replaced) console.log(`chain ${chainId}: redeploying: ${result.replaced}`);
      console.log(`chain ${chainId}: deployed, record written to ${result.file}`);
      const gasPrice = await clients.publicClient.getGasPrice();
      for (const [name, gas] of Object.entries(result.gasUsed)) {
        console.log(`  ${name} gasUsed ${gas} (≈ ${formatEther(gas * gasPrice)} ETH at the node's gas price now)`);
      }
    }
    console.log(`  AgentRegistry ${contracts.AgentRegistry}\n  Sessions      ${contracts.Sessions}`);
    return 0;
  },
};
