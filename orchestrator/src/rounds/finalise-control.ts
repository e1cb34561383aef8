// Listens for the submitter's signed request to finish a session after the current round.
import type { NatsConnection } from "@nats-io/transport-node";
import { verifyMessage, type Address } from "viem";
import { decodeMessage, finaliseMessage, finaliseRequest, subjects } from "@concord/agent-sdk/protocol";

export interface FinaliseControl {
  /** True once a request signed by the submitter has arrived and been verified. */
  requested(): Promise<boolean>;
  close(): void;
}

export function listenForFinalise(
  nc: NatsConnection,
  sessionId: string,
  submitter: Address,
  onRejected: (reason: string) => void = () => {},
): FinaliseControl {
  let requested = false;
  // Verifications still running when the loop asks are awaited, so a request is never missed.
  let checking: Promise<void> = Promise.resolve();

  const check = async (data: Uint8Array) => {
    try {
      const request = decodeMessage(finaliseRequest, data);
      const signed = await verifyMessage({ address: submitter, message: finaliseMessage(sessionId), signature: request.signature });
      if (request.sessionId === sessionId && signed) requested = true;
      else onRejected("finalise request not signed by the session's submitter");
    } catch (error) {
      onRejected(`malformed finalise request: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const sub = nc.subscribe(subjects.control(sessionId, "finalise"));
  void (async () => {
    for await (const msg of sub) checking = checking.then(() => check(msg.data));
  })();

  return {
    async requested() {
      await nc.flush();
      await checking;
      return requested;
    },
    close: () => sub.unsubscribe(),
  };
}
