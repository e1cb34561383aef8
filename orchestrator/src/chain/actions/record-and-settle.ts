// The last round's record and the settlement in one transaction (Sessions.multicall, each call
// checked as if sent alone): the session settles as its last record lands, one transaction and one
// mined block sooner than recording and then settling. Only for a last round every agent attested:
// a partial round stays open to dispute, and settlement must wait that out.
import { ConcordError, type SessionSettledEvent } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "../chain-context.ts";
import { afterDisputeWindow } from "../dispute-window.ts";
import { settleGas } from "../gas-limit.ts";
import { sessionsMulticall, writeBatched } from "../write-batched.ts";
import { recordedFrom, recordRoundCall, type RecordRoundParameters, type RecordRoundReturnType } from "./record-round.ts";
import { settleCall, settledFrom } from "./settle-session.ts";

export type RecordAndSettleReturnType = {
  record: RecordRoundReturnType;
  /** The settlement as its event has it (settlement() turns it into payouts and rounds). */
  settled: SessionSettledEvent;
};

export async function recordAndSettle(client: ChainContext, parameters: RecordRoundParameters): Promise<RecordAndSettleReturnType> {
  if ((parameters.absentSigners?.length ?? 0) > 0) {
    throw new ConcordError("ROUND_INCOMPLETE", `round ${parameters.round} of session ${parameters.sessionId} has absent agents: it is open to dispute, so settlement cannot go with its record`);
  }
  const { call, gas } = sessionsMulticall([
    recordRoundCall(client, parameters),
    { call: settleCall(client, parameters.sessionId), gas: settleGas(parameters.attestations.length) },
  ]);
  // The previous round, if recorded with absent agents, may still be open to dispute.
  const { receipt } = await afterDisputeWindow(client, (afterWait) =>
    writeBatched(client.publicClient, parameters.wallet, call, { gas, simulateAt: afterWait ? "pending" : undefined }));
  return { record: { ...recordedFrom(receipt, parameters), withSettlement: true }, settled: settledFrom(receipt, parameters.sessionId) };
}
