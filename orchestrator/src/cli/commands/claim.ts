// `concord claim`: withdraws the caller's settled payouts (pull payments).
import { z } from "zod";
import { formatEther, zeroAddress } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { writeContract } from "../../chain/write-contract.ts";
import { connectEvm, endpointHelp, endpointOptions, resolveEndpoints } from "../config/endpoints.ts";
import { parseFlags } from "../config/flags.ts";
import { accountFromEnv } from "../config/keys.ts";
import type { Command } from "./command.ts";

const KEY_ENV = "CONCORD_KEY";

const flagsSchema = z.object({
  "key-env": z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").default(KEY_ENV),
});

export const claimCommand: Command = {
  name: "claim",
  summary: "withdraw the payouts credited to your account",
  help: `usage: concord claim [--key-env VAR] [--record FILE | --deployment FILE [--rpc URL]]

Settlement credits each agent's operator; this sends the caller's whole balance to it.

options:
  --key-env VAR        variable holding the account's 0x key (default ${KEY_ENV})
${endpointHelp(23)}

example:
  OPERATOR_KEY=0x… concord claim --key-env OPERATOR_KEY`,
  options: { ...endpointOptions, "key-env": { type: "string" } },
  positionals: { min: 0, max: 0 },
  async run(rawFlags) {
    const flags = parseFlags(flagsSchema, rawFlags);
    const account = accountFromEnv(flags["key-env"], "claimant key");
    const endpoints = await resolveEndpoints(rawFlags, { nats: false });
    const { clients, chain } = await connectEvm(endpoints);
    const address = endpoints.deployment.contracts.Sessions;
    const amount = await chain.publicClient.readContract({ address, abi: sessionsAbi, functionName: "claimable", args: [zeroAddress, account.address] });
    if (amount === 0n) {
      console.log(`nothing to claim for ${account.address}`);
      return 0;
    }
    const { hash } = await writeContract(chain.publicClient, clients.walletFor(account), {
      address, abi: sessionsAbi, functionName: "claim", args: [zeroAddress],
    });
    console.log(`claimed ${formatEther(amount)} ETH to ${account.address} (tx ${hash})`);
    return 0;
  },
};
