// The checks a join request must pass before any credential is issued, each failing with its own
// code: fresh, signed, by a key the AgentRegistry knows, that is its agent's current signer, while
// the agent is active.
import { recoverMessageAddress, type Address } from "viem";
import { agentRegistryAbi } from "@concord/agent-sdk/abis";
import { type AgentJoinRequest, ConcordError, JOIN_MAX_SKEW_SECONDS, joinMessage } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain/chain-context.ts";

/** The agent and signer the request proves, checked against the chain. */
export async function checkJoinRequest(
  chain: ChainContext, request: AgentJoinRequest, nowSeconds: number,
): Promise<{ agentId: bigint; signer: Address }> {
  if (Math.abs(nowSeconds - request.issuedAt) > JOIN_MAX_SKEW_SECONDS) {
    throw new ConcordError("JOIN_REQUEST_STALE",
      `the request was signed at ${request.issuedAt}, ${nowSeconds - request.issuedAt} s from this server's clock (at most ${JOIN_MAX_SKEW_SECONDS} s): sign a fresh one`);
  }
  const registry = chain.deployment.contracts.AgentRegistry;
  const message = joinMessage({ chainId: chain.deployment.chainId, registry, ...request });
  let signer: Address;
  try {
    signer = await recoverMessageAddress({ message, signature: request.signature });
  } catch (cause) {
    throw new ConcordError("INVALID_SIGNATURE", "the join request's signature does not recover to any key", { cause });
  }
  const contract = { address: registry, abi: agentRegistryAbi } as const;
  // A key once bound stays bound to its agent (a rotated-away one too), so the id is found either way.
  const agentId = await chain.publicClient.readContract({ ...contract, functionName: "agentIdOf", args: [signer] });
  if (agentId === 0n) {
    // Also what a signature over other fields than the request's looks like: it recovers to a random key.
    throw new ConcordError("AGENT_NOT_REGISTERED",
      `the request is signed by ${signer}, which no agent on the AgentRegistry ${registry} holds (or the signed fields differ from the request's)`);
  }
  const agent = await chain.publicClient.readContract({ ...contract, functionName: "getAgent", args: [agentId] });
  if (agent.retired) throw new ConcordError("AGENT_RETIRED", `agent #${agentId} was retired by its operator: it gets no NATS credentials`);
  if (agent.signer.toLowerCase() !== signer.toLowerCase()) {
    throw new ConcordError("NOT_AGENT_SIGNER", `${signer} was agent #${agentId}'s signer; its current signer is ${agent.signer}: sign with that key`);
  }
  return { agentId, signer };
}
