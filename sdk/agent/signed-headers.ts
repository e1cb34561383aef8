// The headers of a signed agent message: the author's signature over the exact payload bytes
// (signPayload's: EIP-191 over their keccak256), hashed in WASM and signed as bytes.
import { headers, type MsgHdrs } from "@nats-io/transport-node";
import type { LocalAccount } from "viem";
import { SIGNATURE_HEADER } from "../protocol/message-signature.ts";
import { keccakBytes } from "../protocol/fast-keccak.ts";

export async function signedHeaders(account: LocalAccount, data: Uint8Array): Promise<MsgHdrs> {
  const h = headers();
  h.set(SIGNATURE_HEADER, await account.signMessage({ message: { raw: keccakBytes(data) } }));
  return h;
}
