// The signing key's proof of possession the AgentRegistry asks for when it binds a key to an agent
// (registerAgent, or updateAgent with a new key): the key's EIP-712 signature of
// AgentKey(operator, signer, modelId) on the registry's domain (sdk/protocol agent-key.ts). The
// proof is made in the browser from a key generated or pasted here, or checked when it was made
// elsewhere (an address and its signature). Keys never leave the page. Framework-free.
import { agentKeyTypes, registryDomain, signAgentKey, type RegistryContractRef } from "@concord/agent-sdk/protocol";
import { getAddress, isAddress, isHex, recoverTypedDataAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

export type AgentKeyBinding = { readonly operator: Address; readonly signer: Address; readonly modelId: string };

/** The typed data the signer signs: what another tool must sign for a proof made elsewhere. */
export function agentKeyTypedData(registry: RegistryContractRef, binding: AgentKeyBinding) {
  return {
    domain: registryDomain(registry.chainId, registry.address),
    types: agentKeyTypes,
    primaryType: "AgentKey" as const,
    message: { operator: binding.operator, signer: binding.signer, modelId: binding.modelId },
  };
}

/** The typed data as JSON for eth_signTypedData_v4 (EIP712Domain spelled out), to copy into another signer. */
export function agentKeyTypedDataJson(registry: RegistryContractRef, binding: AgentKeyBinding): string {
  const typed = agentKeyTypedData(registry, binding);
  return JSON.stringify({
    types: {
      EIP712Domain: [
        { name: "name", type: "string" }, { name: "version", type: "string" },
        { name: "chainId", type: "uint256" }, { name: "verifyingContract", type: "address" },
      ],
      ...typed.types,
    },
    primaryType: typed.primaryType,
    domain: typed.domain,
    message: typed.message,
  }, null, 2);
}

/** A 32-byte private key as typed (with or without 0x); undefined otherwise. */
export function parsePrivateKey(text: string): Hex | undefined {
  const t = text.trim();
  const hex = (t.startsWith("0x") || t.startsWith("0X") ? `0x${t.slice(2)}` : `0x${t}`) as Hex;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex) || /^0x0{64}$/.test(hex)) return undefined;
  try {
    privateKeyToAccount(hex);
    return hex.toLowerCase() as Hex;
  } catch {
    return undefined;
  }
}

/** The address of a private key. */
export function signerOf(privateKey: Hex): Address {
  return privateKeyToAccount(privateKey).address;
}

/** Signs the proof with `privateKey` (in the page: the key is not sent anywhere). */
export function proveWithKey(privateKey: Hex, registry: RegistryContractRef, binding: { operator: Address; modelId: string }): Promise<Hex> {
  return signAgentKey(privateKeyToAccount(privateKey), registry, binding);
}

/** The key a proof made elsewhere recovers to (the contract's check: it must be the signer). */
export async function proofSigner(registry: RegistryContractRef, binding: AgentKeyBinding, signature: Hex): Promise<Address | undefined> {
  try {
    return await recoverTypedDataAddress({ ...agentKeyTypedData(registry, binding), signature });
  } catch {
    return undefined;
  }
}

/** How the signer is given on the page. */
export type SignerSource =
  | { readonly mode: "generate"; readonly privateKey: Hex | undefined }
  | { readonly mode: "key"; readonly privateKey: string }
  | { readonly mode: "signature"; readonly address: string; readonly signature: string };

export type SignerErrors = { readonly privateKey?: string; readonly address?: string; readonly signature?: string };

/** The signer's address as far as the page can tell before signing, or the field errors. */
export function checkSignerSource(source: SignerSource): { ok: true; signer: Address } | { ok: false; errors: SignerErrors } {
  switch (source.mode) {
    case "generate":
      return source.privateKey === undefined
        ? { ok: false, errors: { privateKey: "Generate a key first." } }
        : { ok: true, signer: signerOf(source.privateKey) };
    case "key": {
      const key = parsePrivateKey(source.privateKey);
      return key === undefined ? { ok: false, errors: { privateKey: "Not a private key (64 hex digits, 0x optional)." } } : { ok: true, signer: signerOf(key) };
    }
    case "signature": {
      const errors: { address?: string; signature?: string } = {};
      if (!isAddress(source.address.trim(), { strict: false })) errors.address = "Not an address (0x and 40 hex digits).";
      const sig = source.signature.trim();
      // OpenZeppelin's ECDSA.tryRecover accepts only 65-byte (r, s, v) signatures.
      if (!isHex(sig) || sig.length !== 132) errors.signature = "Not a 65-byte signature (0x and 130 hex digits).";
      return errors.address || errors.signature ? { ok: false, errors } : { ok: true, signer: getAddress(source.address.trim()) };
    }
  }
}

/**
 * The signer and its proof for `binding` (operator, model id): signed here from a key, or a
 * signature made elsewhere, checked to recover to the signer as the contract will check it.
 */
export async function signerProof(
  source: SignerSource,
  registry: RegistryContractRef,
  binding: { operator: Address; modelId: string },
): Promise<{ ok: true; signer: Address; signature: Hex } | { ok: false; errors: SignerErrors }> {
  const checked = checkSignerSource(source);
  if (!checked.ok) return checked;
  if (source.mode === "signature") {
    const signature = source.signature.trim() as Hex;
    const recovered = await proofSigner(registry, { ...binding, signer: checked.signer }, signature);
    if (recovered !== checked.signer) {
      return {
        ok: false,
        errors: {
          signature: `This signature recovers to ${recovered ?? "no address"}, not the signer (InvalidSignerSignature): it must sign AgentKey for this operator, signer and model id on this registry.`,
        },
      };
    }
    return { ok: true, signer: checked.signer, signature };
  }
  const key = source.mode === "generate" ? source.privateKey! : parsePrivateKey(source.privateKey)!;
  return { ok: true, signer: checked.signer, signature: await proveWithKey(key, registry, binding) };
}

/** The file a generated key is saved as: the address, the key, and what it is for. */
export function signerKeyFile(privateKey: Hex, context: { chainId: number; registry: Address }): { name: string; text: string } {
  const address = signerOf(privateKey);
  return {
    name: `concord-agent-signer-${address.slice(2, 10).toLowerCase()}.json`,
    text: `${JSON.stringify({
      purpose: "Concord agent signing key: it signs the agent's ballots. Keep it secret; anyone holding it can vote as the agent.",
      address, privateKey, chainId: context.chainId, agentRegistry: context.registry,
    }, null, 2)}\n`,
  };
}
