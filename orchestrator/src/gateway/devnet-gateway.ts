// The chat gateway `concord start` serves on a local devnet: one panel, `concord/devnet`, of the
// stack's agents, paid for by a devnet account of its own (so its transactions never race the
// submitter's nonces). The token is $CONCORD_GATEWAY_TOKEN, or a fresh one printed at start;
// the bounty per request is $CONCORD_GATEWAY_BOUNTY ETH (default 0.01).
import { parseEther } from "viem";
import { ConcordError } from "@concord/agent-sdk/protocol";
import { devnetAccount } from "../chain/clients.ts";
import type { LocalStack } from "../devnet/local-stack.ts";
import { newGatewayToken, type ChatGateway } from "./chat-gateway.ts";

/** The devnet account that pays the gateway's sessions (0 orchestrates, 1..N operate agents, 9 submits, 10 relays). */
export const GATEWAY_PAYER_ACCOUNT = 11;

export function devnetGateway(stack: LocalStack, env: NodeJS.ProcessEnv = process.env): ChatGateway {
  const bountyText = env.CONCORD_GATEWAY_BOUNTY ?? "0.01";
  let bounty: bigint;
  try {
    bounty = parseEther(bountyText);
  } catch (cause) {
    throw new ConcordError("CONFIG_INVALID", `CONCORD_GATEWAY_BOUNTY must be an amount of ETH, got ${bountyText}`, { cause });
  }
  if (bounty <= 0n) throw new ConcordError("CONFIG_INVALID", `CONCORD_GATEWAY_BOUNTY must be positive, got ${bountyText}`);
  return {
    token: env.CONCORD_GATEWAY_TOKEN || newGatewayToken(),
    payer: stack.clients.walletFor(devnetAccount(GATEWAY_PAYER_ACCOUNT)),
    panels: [{ name: "devnet", agents: stack.panel.map((a) => a.name) }],
    bounty, minRounds: 1, maxRounds: 3, timeoutMs: 120_000,
  };
}
