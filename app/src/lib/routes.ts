// The dApp's pages and their URLs, framework-free so parsing and formatting can be tested alone.
// Path routes (the dApp server answers every extensionless path with the app); page state that
// should survive a reload or a shared link (filters, page number) lives in the query string.
import { isDecimalId } from "@concord/agent-sdk/protocol";
import { getAddress, isAddress, isHash, type Address, type Hex } from "viem";
import { isDocName, type DocName } from "./docs.ts";

export type Route =
  | { readonly name: "sessions"; readonly query: URLSearchParams }
  | { readonly name: "session"; readonly id: bigint; readonly query: URLSearchParams }
  | { readonly name: "submit"; readonly query: URLSearchParams }
  | { readonly name: "payouts"; readonly query: URLSearchParams }
  | { readonly name: "agents"; readonly query: URLSearchParams }
  | { readonly name: "agent"; readonly id: bigint; readonly query: URLSearchParams }
  | { readonly name: "register-agent"; readonly query: URLSearchParams }
  | { readonly name: "tx"; readonly hash: Hex; readonly query: URLSearchParams }
  | { readonly name: "address"; readonly address: Address; readonly query: URLSearchParams }
  | { readonly name: "doc"; readonly doc: DocName; readonly query: URLSearchParams }
  | { readonly name: "not-found"; readonly path: string; readonly query: URLSearchParams };

export type RouteName = Route["name"];

/** The pages in the navigation bar, in order. */
export const navigation: readonly { readonly name: RouteName; readonly label: string; readonly href: string }[] = [
  { name: "sessions", label: "Sessions", href: "/" },
  { name: "submit", label: "Submit a task", href: "/submit" },
  { name: "payouts", label: "Payouts", href: "/payouts" },
  { name: "agents", label: "Agents", href: "/agents" },
];

export function parseRoute(pathname: string, search = ""): Route {
  const query = new URLSearchParams(search);
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/" || path === "/sessions") return { name: "sessions", query };
  if (path === "/submit") return { name: "submit", query };
  if (path === "/payouts") return { name: "payouts", query };
  if (path === "/agents") return { name: "agents", query };
  if (path === "/agents/new") return { name: "register-agent", query };
  const session = /^\/sessions\/(\d+)$/.exec(path);
  if (session !== null && isDecimalId(session[1]!)) return { name: "session", id: BigInt(session[1]!), query };
  const agent = /^\/agents\/(\d+)$/.exec(path);
  if (agent !== null && isDecimalId(agent[1]!)) return { name: "agent", id: BigInt(agent[1]!), query };
  const tx = /^\/tx\/(0x[0-9a-fA-F]{64})$/.exec(path);
  if (tx !== null && isHash(tx[1]!)) return { name: "tx", hash: tx[1]!.toLowerCase() as Hex, query };
  const address = /^\/address\/(0x[0-9a-fA-F]{40})$/.exec(path);
  if (address !== null && isAddress(address[1]!, { strict: false })) return { name: "address", address: getAddress(address[1]!), query };
  const doc = /^\/docs\/([a-z]+)$/.exec(path);
  if (doc !== null && isDocName(doc[1]!)) return { name: "doc", doc: doc[1], query };
  return { name: "not-found", path: pathname, query };
}

/** The URL of one session's page. */
export function sessionHref(id: bigint | string): string {
  return `/sessions/${id}`;
}

/** The URL of one agent's page. */
export function agentHref(id: bigint | string): string {
  return `/agents/${id}`;
}

/** The page that registers an agent. */
export const registerAgentHref = "/agents/new";

/** The dApp's own view of a transaction (for chains without a block explorer). */
export function txHref(hash: Hex): string {
  return `/tx/${hash}`;
}

/** The dApp's own view of an address (for chains without a block explorer). */
export function addressHref(address: Address): string {
  return `/address/${address}`;
}

/** `path` with `params` as its query string, leaving out empty values (stable order, for links). */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") query.set(key, String(value));
  }
  const text = query.toString();
  return text === "" ? path : `${path}?${text}`;
}
