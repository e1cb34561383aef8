// The sessions list for the URL's filters and page: the event index, filtered, paged, shaped.
import { useConnection } from "wagmi";
import { filterSessions, paginate, type Page } from "../lib/session-index.ts";
import { toSessionFilter, type SessionQuery } from "../lib/session-filters.ts";
import { toSessionRow, type SessionRow } from "../lib/sessions.ts";
import { useSessionIndex } from "./useSessionIndex.ts";

export const sessionsPerPage = 20;

export type SessionList = {
  readonly page: Page<SessionRow> | undefined;
  /** Sessions on chain, before filtering. */
  readonly total: number | undefined;
  readonly needsWallet: boolean;
  readonly isLoading: boolean;
  readonly error: Error | null;
};

export function useSessionList(query: SessionQuery): SessionList {
  const index = useSessionIndex();
  const connected = useConnection().address;
  const filter = toSessionFilter(query, connected);
  const needsWallet = "needsWallet" in filter;
  const page = index.data === undefined || needsWallet
    ? undefined
    : paginate(filterSessions(index.data, filter).map((s) => toSessionRow(s)), query.page, sessionsPerPage);
  return { page, total: index.data?.sessions.size, needsWallet, isLoading: index.isLoading, error: index.error };
}
