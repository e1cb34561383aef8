// The dApp's pages and their URLs, framework-free so parsing and formatting can be tested alone.
// Path routes (the dApp server answers every extensionless path with the app); page state that
// should survive a reload or a shared link (filters, page number) lives in the query string.
import { isDecimalId } from "@concord/agent-sdk/protocol";

export type Route =
  | { readonly name: "sessions"; readonly query: URLSearchParams }
  | { readonly name: "session"; readonly id: bigint; readonly query: URLSearchParams }
  | { readonly name: "submit"; readonly query: URLSearchParams }
  | { readonly name: "payouts"; readonly query: URLSearchParams }
  | { readonly name: "agents"; readonly query: URLSearchParams }
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
  const session = /^\/sessions\/(\d+)$/.exec(path);
  if (session !== null && isDecimalId(session[1]!)) return { name: "session", id: BigInt(session[1]!), query };
  return { name: "not-found", path: pathname, query };
}

/** The URL of one session's page. */
export function sessionHref(id: bigint | string): string {
  return `/sessions/${id}`;
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
