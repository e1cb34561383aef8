// How the last round's record goes when settlement can go with it: one transaction for both
// (recordAndSettle). If that fails (settlement refused, or the round recorded by another owner
// meanwhile), the record goes alone (read back if it is on chain already) and the session settles
// on its own afterwards, as any session does; the record's caller never sees the difference.
import type { SessionSettledEvent } from "@concord/agent-sdk/protocol";
import { recordAndSettle, recordRoundOnce } from "../chain/actions/index.ts";
import { recordParameters, type RecordSender } from "./record-outbox.ts";
import type { SessionDeps, SessionPlan } from "./types.ts";

export interface FinalRecordActions {
  recordAndSettle: typeof recordAndSettle;
  recordRoundOnce: typeof recordRoundOnce;
}

/** A record sender that settles too; `settled` hears the settlement when it went with the record. */
export function recordWithSettlement(
  deps: Pick<SessionDeps, "chain" | "orchestrator" | "log">, plan: SessionPlan, settled: (event: SessionSettledEvent) => void,
  actions: FinalRecordActions = { recordAndSettle, recordRoundOnce },
): RecordSender {
  return async (round) => {
    const parameters = recordParameters(deps, plan, round);
    try {
      const both = await actions.recordAndSettle(deps.chain, parameters);
      settled(both.settled);
      return both.record;
    } catch (error) {
      deps.log?.(`session ${plan.sessionId}: round ${round.round}'s record and settlement together failed (${error instanceof Error ? error.message : String(error)}); recording alone`);
      return actions.recordRoundOnce(deps.chain, parameters);
    }
  };
}
