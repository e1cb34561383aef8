// The current route, following the History API: links push a new entry, back/forward pop one.
import { useSyncExternalStore } from "react";
import { parseRoute, type Route } from "../lib/routes.ts";

const changed = "concord:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(changed, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(changed, onChange);
  };
}

const currentHref = () => location.pathname + location.search;

let cached: { href: string; route: Route } | undefined;
function snapshot(): Route {
  const href = currentHref();
  if (cached?.href !== href) cached = { href, route: parseRoute(location.pathname, location.search) };
  return cached.route;
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, snapshot);
}

/** Goes to `href` within the app (no reload). `replace` edits the current entry (e.g. filters). */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (href === currentHref()) return;
  if (options.replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  window.dispatchEvent(new Event(changed));
  if (!options.replace) window.scrollTo(0, 0);
}
