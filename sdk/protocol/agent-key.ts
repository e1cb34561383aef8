// The signing key's proof of possession that the AgentRegistry asks for when it binds a key to
// an agent (registerAgent, or updateAgent with a new key).
import type { Address, Hex, LocalAccount } from "viem";
import { agentKeyTypes, registryDomain } from "./eip712.ts";

/** The registry a key consents to, by chain and address. */
export interface RegistryContractRef {
  chainId: number;
  address: Address;
}

/** `signer` signs AgentKey(operator, signer, modelId) on `registry`'s domain. */
export function signAgentKey(
  signer: LocalAccount,
  registry: RegistryContractRef,
  binding: { operator: Address; modelId: string },
): Promise<Hex> {
  return signer.signTypedData({
    domain: registryDomain(registry.chainId, registry.address),
    types: agentKeyTypes,
    primaryType: "AgentKey",
    message: { operator: binding.operator, signer: signer.address, modelId: binding.modelId },
  });
}
