import { SessionsTable } from "../components/SessionsTable.tsx";

export function SessionsPage(_props: { query: URLSearchParams }) {
  return <SessionsTable />;
}
