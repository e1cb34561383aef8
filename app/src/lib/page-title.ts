// The document title of each page, so tabs, history and bookmarks say where they lead.
import type { Route } from "./routes.ts";
import { shortAddress, shortHash } from "./format.ts";
import { docTitles } from "./docs.ts";

const site = "Concord";

/** "Session 12 · Concord"; `detail` names what the page found (an agent's name) once it knows. */
export function pageTitle(route: Route, detail?: string): string {
  return `${routeTitle(route, detail)} · ${site}`;
}

function routeTitle(route: Route, detail: string | undefined): string {
  switch (route.name) {
    case "sessions": return "Sessions";
    case "session": return detail ?? `Session ${route.id}`;
    case "submit": return "Submit a task";
    case "payouts": return "Payouts";
    case "agents": return "Agents";
    case "agent": return detail ?? `Agent #${route.id}`;
    case "register-agent": return "Register an agent";
    case "tx": return `Transaction ${shortHash(route.hash) ?? route.hash}`;
    case "address": return detail ?? `Address ${shortAddress(route.address)}`;
    case "doc": return docTitles[route.doc];
    case "not-found": return "Page not found";
  }
}

/** Pages that set their own title once they know what they show (usePageTitle with a detail). */
export function pageSetsOwnTitle(route: Route): boolean {
  return route.name === "agent" || route.name === "session";
}
