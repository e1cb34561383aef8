// Sets the document title for the current route (lib/page-title.ts); `detail` once a page knows
// what it shows (an agent's name). The frame titles every page but those that title themselves
// (pageSetsOwnTitle), so the two never overwrite each other.
import { useEffect } from "react";
import { pageTitle } from "../lib/page-title.ts";
import type { Route } from "../lib/routes.ts";

export function usePageTitle(route: Route, detail?: string, enabled = true): void {
  const title = pageTitle(route, detail);
  useEffect(() => {
    if (enabled) document.title = title;
  }, [title, enabled]);
}
