// The chat gateway `concord start` serves on a local devnet: one panel, `concord/devnet`, of the
// stack's agents, paid for by a devnet account of its own (so its transactions never race the
// submitter's nonces). The token is $CONCORD_GATEWAY_TOKEN, or a fresh one printed at start;
// the bounty per request is $CONCORD_GATEWAY_BOUNTY ETH (default 0.01), and its bounties may spend
// at most $CONCORD_GATEWAY_DAILY_LIMIT ETH in any 24 hours (default 1). With
// $CONCORD_GATEWAY_TASK_FAMILY its sessions name that task family (weights per family).
import { parseEther } from "viem";
import { ConcordError, MAX_TASK_FAMILY_CHARS, taskFamilyName } from "@concord/agent-sdk/protocol";
import { devnetAccount } from "../chain/clients.ts";
import type { LocalStack } from "../devnet/local-stack.ts";
import { newGatewayToken, type ChatGateway } from "./chat-gateway.ts";
import { SpendAllowance } from "./spend-allowance.ts";

/** The devnet account that pays the gateway's sessions (0 orchestrates, 1..N operate agents, 9 submits, 10 relays). */
export const GATEWAY_PAYER_ACCOUNT = 11;

export function devnetGateway(stack: LocalStack, env: NodeJS.ProcessEnv = process.env): ChatGateway {
  const bounty = positiveEther(env, "CONCORD_GATEWAY_BOUNTY", "0.01");
  const dailyLimit = positiveEther(env, "CONCORD_GATEWAY_DAILY_LIMIT", "1");
  return {
    token: env.CONCORD_GATEWAY_TOKEN || newGatewayToken(),
    payer: stack.clients.walletFor(devnetAccount(GATEWAY_PAYER_ACCOUNT)),
    panels: [{ name: "devnet", agents: stack.panel.map((a) => a.name), taskFamily: taskFamilyOf(env) }],
    bounty, minRounds: 1, maxRounds: 3, timeoutMs: 120_000,
    allowance: new SpendAllowance(dailyLimit),
  };
}

function taskFamilyOf(env: NodeJS.ProcessEnv): string | undefined {
  const name = env.CONCORD_GATEWAY_TASK_FAMILY;
  if (name === undefined || name === "") return undefined;
  if (!taskFamilyName.safeParse(name).success) throw new ConcordError("CONFIG_INVALID", `CONCORD_GATEWAY_TASK_FAMILY must be a name of 1..${MAX_TASK_FAMILY_CHARS} characters, got "${name}"`);
  return name;
}

function positiveEther(env: NodeJS.ProcessEnv, name: string, fallback: string): bigint {
  const text = env[name] ?? fallback;
  let wei: bigint;
  try {
    wei = parseEther(text);
  } catch (cause) {
    throw new ConcordError("CONFIG_INVALID", `${name} must be an amount of ETH, got ${text}`, { cause });
  }
  if (wei <= 0n) throw new ConcordError("CONFIG_INVALID", `${name} must be positive, got ${text}`);
  return wei;
}
