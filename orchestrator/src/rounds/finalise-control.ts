// Listens for the submitter's signed request to finish a session after the current round.
import type { NatsConnection } from "@nats-io/transport-node";
import { verifyMessage, type Address } from "viem";
import { subjects } from "../../../sdk/protocol/subjects.ts";
import { decodeMessage, finaliseMessage, finaliseRequest } from "../../../sdk/protocol/schemas.ts";

export interface FinaliseControl {
  /** True once a request signed by the submitter has arrived. */
  requested(): boolean;
  close(): void;
}

export function listenForFinalise(
  nc: NatsConnection,
  sessionId: string,
  submitter: Address,
  onRejected: (reason: string) => void = () => {},
): FinaliseControl {
  let requested = false;
  const sub = nc.subscribe(subjects.control(sessionId, "finalise"));
  void (async () => {
    for await (const msg of sub) {
      try {
        const request = decodeMessage(finaliseRequest, msg.data);
        const valid = request.sessionId === sessionId &&
          (await verifyMessage({ address: submitter, message: finaliseMessage(sessionId), signature: request.signature }));
        if (valid) requested = true;
        else onRejected("finalise request not signed by the session's submitter");
      } catch (error) {
        onRejected(`malformed finalise request: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return { requested: () => requested, close: () => sub.unsubscribe() };
}
