// Results read back from the sessions stream by subject: what a core subscription missed while
// its connection was being made again after an outage (the agents' publishes went to the stream).
import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { streams } from "@concord/agent-sdk/protocol";

/** What the phase reads of a result, live or stored. */
export interface ResultMessage {
  subject: string;
  data: Uint8Array;
  headers?: MsgHdrs;
}

/**
 * The last stored message on each subject, if stored at or after `since` (ms since the epoch):
 * an older one is another session's under the same id (a devnet started afresh on old NATS data).
 */
export async function storedResults(nc: NatsConnection, subjectList: readonly string[], since: number): Promise<ResultMessage[]> {
  const jsm = await jetstreamManager(nc);
  const found = await Promise.all(subjectList.map(async (subject): Promise<ResultMessage | undefined> => {
    try {
      const msg = await jsm.streams.getMessage(streams.sessions.name, { last_by_subj: subject });
      return msg && msg.time.getTime() >= since ? { subject: msg.subject, data: msg.data, headers: msg.header } : undefined;
    } catch {
      return undefined; // nothing stored on that subject
    }
  }));
  return found.filter((m): m is ResultMessage => m !== undefined);
}
