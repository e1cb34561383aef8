// Registers an agent (docs/protocol.md, "Registering an agent"): the operator's account sends
// AgentRegistry.registerAgent, carrying the signing key's EIP-712 consent AgentKey(operator,
// signer, modelId), and pays the agent's royalties to itself.
import { createWalletClient, createPublicClient, defineChain, http, parseAbi, parseEventLogs, type LocalAccount } from "viem";
import type { AgentEndpoints } from "./stack-record.ts";

const registryAbi = parseAbi([
  "function registerAgent(address signer, string modelId, string metadataURI, (address[] recipients, uint16[] bps) split, bytes signature) returns (uint256)",
  "event AgentRegistered(uint256 indexed agentId, address indexed operator, address indexed signer, string modelId, string metadataURI)",
]);

export async function registerAgent(
  endpoints: AgentEndpoints, operator: LocalAccount, signer: LocalAccount, modelId: string,
): Promise<bigint> {
  const chain = defineChain({
    id: endpoints.chainId, name: "concord", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [endpoints.rpcUrl] } },
  });
  const consent = await signer.signTypedData({
    domain: { name: "Concord AgentRegistry", version: "1", chainId: endpoints.chainId, verifyingContract: endpoints.registry },
    types: { AgentKey: [{ name: "operator", type: "address" }, { name: "signer", type: "address" }, { name: "modelId", type: "string" }] },
    primaryType: "AgentKey",
    message: { operator: operator.address, signer: signer.address, modelId },
  });
  const wallet = createWalletClient({ account: operator, chain, transport: http() });
  const reader = createPublicClient({ chain, transport: http() });
  const hash = await wallet.writeContract({
    address: endpoints.registry, abi: registryAbi, functionName: "registerAgent",
    args: [signer.address, modelId, "", { recipients: [operator.address], bps: [10_000] }, consent],
  });
  const receipt = await reader.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`registerAgent reverted (${hash})`);
  const [registered] = parseEventLogs({ abi: registryAbi, logs: receipt.logs, eventName: "AgentRegistered" });
  if (!registered) throw new Error(`registerAgent emitted no AgentRegistered (${hash})`);
  return registered.args.agentId;
}
