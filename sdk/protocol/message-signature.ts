// Every agent message travels with its author's signature in a NATS header: EIP-191 over the
// keccak256 of the exact payload bytes, by the agent's secp256k1 key (the one registered on
// chain). Signing the bytes, not a re-encoding, means nothing needs canonicalising.
import { keccak256, recoverAddress, recoverMessageAddress, type Address, type Hex, type LocalAccount } from "viem";
import { ConcordError } from "./errors.ts";

export const SIGNATURE_HEADER = "Concord-Signature";

export function signPayload(account: LocalAccount, data: Uint8Array): Promise<Hex> {
  return account.signMessage({ message: { raw: keccak256(data) } });
}

/** The payload's signer; throws INVALID_SIGNATURE when the header is missing or malformed. */
export async function recoverPayloadSigner(data: Uint8Array, signature: string | undefined): Promise<Address> {
  if (!signature || !/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    throw new ConcordError("INVALID_SIGNATURE", `missing or malformed ${SIGNATURE_HEADER} header`);
  }
  try {
    return await recoverMessageAddress({ message: { raw: keccak256(data) }, signature: signature as Hex });
  } catch (cause) {
    throw new ConcordError("INVALID_SIGNATURE", "payload signature does not recover", { cause });
  }
}

/** Checks that `data` was signed by `expected`. */
export async function verifyPayload(data: Uint8Array, signature: string | undefined, expected: Address): Promise<void> {
  const signer = await recoverPayloadSigner(data, signature);
  if (signer.toLowerCase() !== expected.toLowerCase()) {
    throw new ConcordError("INVALID_SIGNATURE", `payload signed by ${signer}, expected ${expected}`);
  }
}

/**
 * Recovers the signer of a 32-byte digest; throws INVALID_SIGNATURE when there is none. Node code
 * passes the WASM one (`recoverSigner` of `@concord/agent-sdk/secp256k1`, which also refuses high s).
 */
export type RecoverSigner = (digest: Hex, signature: string | undefined, what: string) => Address | Promise<Address>;

/** viem's recovery (pure JS, ≈ 4 ms): the default, and what the browser can always load. */
export const viemRecoverSigner: RecoverSigner = async (digest, signature, what) => {
  if (!signature || !/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    throw new ConcordError("INVALID_SIGNATURE", `missing or malformed ${what}`);
  }
  try {
    return await recoverAddress({ hash: digest, signature: signature as Hex });
  } catch (cause) {
    throw new ConcordError("INVALID_SIGNATURE", `${what} does not recover`, { cause });
  }
};
