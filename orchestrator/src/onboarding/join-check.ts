// The checks a join request must pass before any credential is issued, each failing with its own
// code: fresh, signed, and signed by the agent's current signer while the agent is active.
import { recoverMessageAddress, type Address } from "viem";
import { agentRegistryAbi } from "@concord/agent-sdk/abis";
import { type AgentJoinRequest, ConcordError, JOIN_MAX_SKEW_SECONDS, joinMessage } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain/chain-context.ts";

/** The signer the request proves, once it is checked against the chain. */
export async function checkJoinRequest(chain: ChainContext, request: AgentJoinRequest, nowSeconds: number): Promise<Address> {
  if (Math.abs(nowSeconds - request.issuedAt) > JOIN_MAX_SKEW_SECONDS) {
    throw new ConcordError("JOIN_REQUEST_STALE",
      `the request was signed at ${request.issuedAt}, ${nowSeconds - request.issuedAt} s from this server's clock (at most ${JOIN_MAX_SKEW_SECONDS} s): sign a fresh one`);
  }
  const registry = chain.deployment.contracts.AgentRegistry;
  const message = joinMessage({ chainId: chain.deployment.chainId, registry, ...request });
  let recovered: Address;
  try {
    recovered = await recoverMessageAddress({ message, signature: request.signature });
  } catch (cause) {
    throw new ConcordError("INVALID_SIGNATURE", "the join request's signature does not recover to any key", { cause });
  }
  const agentId = BigInt(request.agentId);
  const contract = { address: registry, abi: agentRegistryAbi } as const;
  // Ids run 1..agentCount; getAgent reverts (UnknownAgent) past it.
  const count = await chain.publicClient.readContract({ ...contract, functionName: "agentCount" });
  if (agentId > count) throw new ConcordError("AGENT_NOT_REGISTERED", `there is no agent #${agentId} on the AgentRegistry ${registry}`);
  const agent = await chain.publicClient.readContract({ ...contract, functionName: "getAgent", args: [agentId] });
  if (agent.retired) throw new ConcordError("AGENT_RETIRED", `agent #${agentId} was retired by its operator: it gets no NATS credentials`);
  if (agent.signer.toLowerCase() !== recovered.toLowerCase()) {
    // A rotated-away key, another agent's key, or a signature over other fields: all recover elsewhere.
    throw new ConcordError("NOT_AGENT_SIGNER",
      `the request recovers to ${recovered}, but agent #${agentId}'s current signer is ${agent.signer} (or the signed fields differ from the request's)`);
  }
  return agent.signer;
}
