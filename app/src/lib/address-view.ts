// What the dApp's own address view says of an address: the agents it operates or signs for, and
// the sessions it submitted (newest first).
import { isAddressEqual, type Address } from "viem";
import type { AgentRecord } from "./agents.ts";
import type { IndexedSession } from "./session-index.ts";

export type AddressRoles = {
  readonly agents: readonly { readonly agentId: bigint; readonly roles: string }[];
  readonly submitted: readonly bigint[];
};

export function addressRoles(
  address: Address,
  agents: readonly { readonly agentId: bigint; readonly record: Pick<AgentRecord, "operator" | "signer"> }[],
  sessions: Iterable<IndexedSession>,
): AddressRoles {
  const roles = agents.flatMap(({ agentId, record }) => {
    const parts = [isAddressEqual(record.operator, address) && "operator", isAddressEqual(record.signer, address) && "signer"].filter((p) => p !== false);
    return parts.length === 0 ? [] : [{ agentId, roles: parts.join(" and ") }];
  });
  const submitted = [...sessions].filter((s) => isAddressEqual(s.submitter, address)).map((s) => s.id).sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  return { agents: roles, submitted };
}
