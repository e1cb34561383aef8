// Filters for the sessions list. Each change rewrites the URL (replacing the entry, so Back leaves
// the list rather than stepping through every filter tried) and returns to page 1.
import { useEffect, useState } from "react";
import { isDecimalId } from "@concord/agent-sdk/protocol";
import { navigate } from "../hooks/useRoute.ts";
import { formatSessionQuery, type SessionQuery } from "../lib/session-filters.ts";
import { listStatuses } from "../lib/session-status.ts";
import { withQuery } from "../lib/routes.ts";

export function SessionFilters({ query }: { query: SessionQuery }) {
  const update = (change: Partial<SessionQuery>) =>
    navigate(withQuery("/", formatSessionQuery({ ...query, ...change, page: 1 })), { replace: true });
  // The agent box keeps what is typed (even while not yet a number) and follows the URL otherwise.
  const agentInUrl = query.agentId?.toString() ?? "";
  const [agentText, setAgentText] = useState(agentInUrl);
  useEffect(() => setAgentText((text) => (text.trim() === agentInUrl ? text : agentInUrl)), [agentInUrl]);
  return (
    <form className="filters" aria-label="Filter sessions" onSubmit={(e) => e.preventDefault()}>
      <label>
        Status{" "}
        <select value={query.status ?? ""} onChange={(e) => update({ status: listStatuses.find((s) => s === e.target.value) })}>
          <option value="">Any</option>
          {listStatuses.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label>
        Agent id{" "}
        <input
          type="text" inputMode="numeric" pattern="[0-9]*" size={5} value={agentText}
          aria-invalid={agentText.trim() !== "" && !isDecimalId(agentText.trim())}
          onChange={(e) => {
            setAgentText(e.target.value);
            const text = e.target.value.trim();
            if (text === "" || isDecimalId(text)) update({ agentId: text === "" ? undefined : BigInt(text) });
          }}
        />
      </label>
      <label>
        Bounty in{" "}
        <select value={query.token === undefined ? "" : query.token} onChange={(e) => update({ token: e.target.value === "" ? undefined : (e.target.value as SessionQuery["token"]) })}>
          <option value="">Any token</option>
          <option value="eth">ETH</option>
        </select>
      </label>
      <label>
        <input type="checkbox" checked={query.mine} onChange={(e) => update({ mine: e.target.checked })} /> Submitted by me
      </label>
    </form>
  );
}
