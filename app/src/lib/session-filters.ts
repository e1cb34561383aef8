// The sessions list's filters and page in the URL's query string, so a filtered view survives a
// reload and can be shared: ?status=Open&agent=2&mine=1&token=eth&page=3.
import { isAddress, zeroAddress, type Address } from "viem";
import { isDecimalId } from "@concord/agent-sdk/protocol";
import type { SessionFilter } from "./session-index.ts";
import { listStatuses, type ListStatus } from "./session-status.ts";

export type SessionQuery = {
  readonly status?: ListStatus;
  readonly agentId?: bigint;
  /** Only the connected address's own submissions. */
  readonly mine: boolean;
  /** "eth" or an ERC-20 address. */
  readonly token?: "eth" | Address;
  readonly page: number;
};

/** Reads the query string; values that do not parse are dropped (a bad link shows everything). */
export function parseSessionQuery(query: URLSearchParams): SessionQuery {
  const status = listStatuses.find((s) => s === query.get("status"));
  const agent = query.get("agent") ?? "";
  const token = query.get("token") ?? "";
  const page = Number(query.get("page") ?? "1");
  return {
    status,
    agentId: isDecimalId(agent) ? BigInt(agent) : undefined,
    mine: query.get("mine") === "1",
    token: token === "eth" ? "eth" : isAddress(token) ? token : undefined,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export function formatSessionQuery(query: SessionQuery): Record<string, string | undefined> {
  return {
    status: query.status,
    agent: query.agentId?.toString(),
    mine: query.mine ? "1" : undefined,
    token: query.token,
    page: query.page > 1 ? String(query.page) : undefined,
  };
}

/** The index filter for `query`; `mine` needs the connected address (undefined: not connected). */
export function toSessionFilter(query: SessionQuery, connected: Address | undefined): SessionFilter | { readonly needsWallet: true } {
  if (query.mine && connected === undefined) return { needsWallet: true };
  return {
    status: query.status,
    agentId: query.agentId,
    submitter: query.mine ? connected : undefined,
    token: query.token === "eth" ? zeroAddress : query.token,
  };
}
