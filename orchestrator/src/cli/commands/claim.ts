// `concord claim`: withdraws the caller's settled payouts (pull payments).
import { z } from "zod";
import { formatUnits, zeroAddress } from "viem";
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

Settlement credits each agent; its royalties (distributed after settling) credit its recipients,
the operator by default. This sends the caller's whole balance to it, in ETH and in every token
the deployment lists.

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
    // ETH and every token the deployment lists: a session's payouts are credited in its bounty's token.
    const currencies = [{ symbol: "ETH", address: zeroAddress, decimals: 18 }, ...(endpoints.deployment.tokens ?? [])];
    let claimed = 0;
    for (const token of currencies) {
      const amount = await chain.publicClient.readContract({ address, abi: sessionsAbi, functionName: "claimable", args: [token.address, account.address] });
      if (amount === 0n) continue;
      const { hash } = await writeContract(chain.publicClient, clients.walletFor(account), {
        address, abi: sessionsAbi, functionName: "claim", args: [token.address],
      });
      console.log(`claimed ${formatUnits(amount, token.decimals)} ${token.symbol} to ${account.address} (tx ${hash})`);
      claimed += 1;
    }
    if (claimed === 0) {
      console.log(`nothing to claim for ${account.address} in ${currencies.map((c) => c.symbol).join(", ")} (a payout becomes claimable once its agent's royalties are distributed, which the orchestrator does after settling)`);
    }
    return 0;
  },
};
