// The agents of one session, in the session's on-chain order: a NATS name resolved to its on-chain
// identity (resolve-agents.ts). Below the round loop, which reads the panel but does not define it.
import type { Address } from "viem";

export interface PanelAgent {
  /** NATS subject token of the agent. */
  name: string;
  agentId: bigint;
  /** The key the agent signs ballots with, as registered on chain. */
  signer: Address;
}
