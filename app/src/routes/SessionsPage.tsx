import { SessionsTable } from "../components/SessionsTable.tsx";
import { parseSessionQuery } from "../lib/session-filters.ts";

export function SessionsPage({ query }: { query: URLSearchParams }) {
  return <SessionsTable query={parseSessionQuery(query)} />;
}
