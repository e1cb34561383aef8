// `concord refund ID`: takes an unsettled session's bounty back, as its submitter, once its
// deadline has passed or the grace of its orchestrator's failure claim has. The SDK's refund action sends it;
// each refusal says why (and, for a deadline still ahead, when it will pass).
import { z } from "zod";
import { formatEther, formatUnits, zeroAddress, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { getBlock } from "viem/actions";
import { isoTime, refund, readSession } from "@concord/agent-sdk/chain";
import { ConcordError, decimalId, type Deployment } from "@concord/agent-sdk/protocol";
import { ROLES } from "../../devnet/local-stack.ts";
import { connectEvm, endpointHelp, endpointOptions, resolveEndpoints } from "../config/endpoints.ts";
import { parseFlags } from "../config/flags.ts";
import { accountFromEnv, devnetKey } from "../config/keys.ts";
import { timeUntil } from "../time-until.ts";
import { UsageError, type Command } from "./command.ts";

const flagsSchema = z.object({
  "key-env": z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").optional(),
});

export const refundCommand: Command = {
  name: "refund",
  summary: "take back the bounty of a session that passed its deadline unsettled (or whose failure was claimed)",
  help: `usage: concord refund ID [--key-env VAR] [--record FILE | --deployment FILE [--rpc URL]]

Returns session ID's bounty to its submitter, who must send this: after the session's deadline
if it is still open, or once the grace of its orchestrator's failure claim has passed (the
session's absenceGrace, at least 30 s, for its agents to record a round). A session that recorded
its minimum rounds is paid to its agents by settlement instead, never refunded.

options:
  --key-env VAR        variable holding the submitter's 0x key (on the devnet: account ${ROLES.submitter} by default)
${endpointHelp(23)}

example:
  concord refund 3`,
  options: { ...endpointOptions, "key-env": { type: "string" } },
  positionals: { min: 1, max: 1, name: "the session id" },
  async run(rawFlags, [idText]) {
    const flags = parseFlags(flagsSchema, rawFlags);
    const id = decimalId.safeParse(idText);
    if (!id.success) throw new UsageError(`session id must be a positive whole number, got ${JSON.stringify(idText)}`);
    const sessionId = BigInt(id.data);
    const endpoints = await resolveEndpoints(rawFlags, { nats: false });
    if (!endpoints.onDevnet && !flags["key-env"]) throw new UsageError("off the devnet, --key-env is required");
    const account = flags["key-env"] ? accountFromEnv(flags["key-env"], "submitter key") : privateKeyToAccount(devnetKey(ROLES.submitter));
    const { clients, chain } = await connectEvm(endpoints);
    const wallet = clients.walletFor(account);
    const session = await readSession(chain.publicClient, endpoints.deployment, sessionId);
    try {
      const refunded = await refund(wallet, endpoints.deployment, sessionId);
      console.log(`refunded ${amountText(endpoints.deployment, refunded.token, refunded.amount)} of session ${sessionId} to ${account.address} (tx ${refunded.txHash})`);
      return 0;
    } catch (error) {
      if (!(error instanceof ConcordError) || error.code !== "DEADLINE_NOT_PASSED") throw error;
      const now = (await getBlock(chain.publicClient, { blockTag: "pending" })).timestamp;
      const deadline = isoTime(session.deadline);
      throw new ConcordError(error.code, error.message.replace(`${error.code}: `, "").replace(deadline, `${deadline} (${timeUntil(session.deadline - now)})`), { cause: error.cause });
    }
  },
};

function amountText(deployment: Deployment, token: Address, amount: bigint): string {
  if (token === zeroAddress) return `${formatEther(amount)} ETH`;
  const listed = deployment.tokens?.find((t) => t.address.toLowerCase() === token.toLowerCase());
  return listed ? `${formatUnits(amount, listed.decimals)} ${listed.symbol}` : `${amount} units of token ${token}`;
}
