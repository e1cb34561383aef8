// The KV key of one on-chain session: chain id, Sessions contract and session id, so that NATS
// shared by several deployments (or outliving a devnet) never hands one chain's state to another.
import type { Address } from "viem";

export interface SessionScope {
  chainId: number;
  contracts: { Sessions: Address };
}

export function sessionKey(scope: SessionScope, sessionId: string): string {
  return `${scope.chainId}.${scope.contracts.Sessions.toLowerCase()}.${sessionId}`;
}
