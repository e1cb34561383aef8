// The page's confirmations (lib/notices.ts) as React state.
import { useSyncExternalStore } from "react";
import { notices } from "../lib/notices.ts";

export function useNotices() {
  return useSyncExternalStore(notices.subscribe, notices.list);
}
