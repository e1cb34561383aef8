// An agent's signed refusal of a session (EIP-712 Decline), and the packed form
// Sessions.failSession takes: one 66-byte entry per agent, agentIndex:uint8 ‖ r ‖ s ‖ v.
import { concat, type Address, type Hex, type LocalAccount, numberToHex, recoverTypedDataAddress, size, stringToBytes } from "viem";
import type { SessionsContractRef } from "./attestation.ts";
import { declineTypes, sessionsDomain } from "./eip712.ts";
import { ConcordError } from "./errors.ts";
import { MAX_FAILURE_REASON_BYTES, minPresent } from "./limits.ts";

export interface Decline {
  /** The agent's index in the session (its place in the session's agent list). */
  agentIndex: number;
  /** Its 65-byte signature (r ‖ s ‖ v) of Decline{sessionId}. */
  signature: Hex;
}

export function signDecline(account: LocalAccount, contract: SessionsContractRef, sessionId: bigint): Promise<Hex> {
  return account.signTypedData({
    domain: sessionsDomain(contract.chainId, contract.address),
    types: declineTypes,
    primaryType: "Decline",
    message: { sessionId },
  });
}

export function recoverDeclineSigner(contract: SessionsContractRef, sessionId: bigint, signature: Hex): Promise<Address> {
  return recoverTypedDataAddress({
    domain: sessionsDomain(contract.chainId, contract.address),
    types: declineTypes,
    primaryType: "Decline",
    message: { sessionId },
    signature,
  });
}

/** failSession's `declines` argument, in the order given. */
export function packDeclines(declines: readonly Decline[]): Hex {
  return concat([
    "0x",
    ...declines.map(({ agentIndex, signature }) => {
      if (size(signature) !== 65) {
        throw new ConcordError("INVALID_SIGNATURE", `agent ${agentIndex}'s decline is ${size(signature)} bytes, not a 65-byte r ‖ s ‖ v signature`);
      }
      return concat([numberToHex(agentIndex, { size: 1 }), signature]);
    }),
  ]);
}

/**
 * Whether `declined` distinct agents of an `agents`-agent session leave too few to attest a round
 * (fewer than minPresent): then failSession refunds the submitter at once; otherwise it only
 * claims the failure. The contract's rule, stated once for TypeScript.
 */
export function declinesRefund(agents: number, declined: number): boolean {
  return agents - declined < minPresent(agents);
}

/**
 * `reason` cut to the MAX_FAILURE_REASON_BYTES UTF-8 bytes failSession takes, never inside a
 * character (an ellipsis marks a cut).
 */
export function failureReason(reason: string): string {
  const utf8 = (text: string) => stringToBytes(text).length;
  if (utf8(reason) <= MAX_FAILURE_REASON_BYTES) return reason;
  let kept = "";
  let bytes = utf8("…");
  for (const char of reason) {
    bytes += utf8(char);
    if (bytes > MAX_FAILURE_REASON_BYTES) break;
    kept += char;
  }
  return `${kept}…`;
}
