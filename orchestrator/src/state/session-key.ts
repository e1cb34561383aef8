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

/** One on-chain session and no other: a chain started afresh at the same addresses reuses ids. */
export interface SessionInstance {
  scope: SessionScope;
  /** The session's on-chain deadline (unix seconds), fixed at its creation. */
  deadline: bigint;
}

/**
 * A name for one session on one chain, for message ids: its key and its deadline. A devnet started
 * afresh under the same NATS redeploys to the same addresses and counts ids from 1 again; a
 * session there with an old id has another deadline (two sessions of the same id created in the
 * same second on two chains aside), so its job and events are never dropped as an old one's repeats.
 */
export function sessionInstanceKey(instance: SessionInstance, sessionId: string): string {
  return `${sessionKey(instance.scope, sessionId)}.${instance.deadline}`;
}
