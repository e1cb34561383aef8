// What the orchestrator stored about one session on NATS: its snapshot (KV bucket
// nsed-session-state) and its halting event (stream NSED_EVENTS). `concord session` and the
// dApp server's transcript route both read it here.
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { decodeMessage, type SessionEvent, sessionEvent, streams, subjects } from "@concord/agent-sdk/protocol";
import type { SessionScope } from "./session-key.ts";
import { openSessionStore } from "./session-store.ts";
import type { SessionSnapshot } from "./snapshot.ts";

export type HaltedEvent = Extract<SessionEvent, { type: "halted" }>;

export interface StoredSession {
  snapshot?: SessionSnapshot;
  halted?: HaltedEvent;
}

export async function readStoredSession(nc: NatsConnection, scope: SessionScope, sessionId: string): Promise<StoredSession> {
  const snapshot = await (await openSessionStore(nc, scope)).load(sessionId);
  let halted: HaltedEvent | undefined;
  try {
    const jsm = await jetstreamManager(nc);
    const msg = await jsm.streams.getMessage(streams.events.name, { last_by_subj: subjects.event(sessionId, "halted") });
    const event = msg ? decodeMessage(sessionEvent, msg.data) : undefined;
    if (event?.type === "halted") halted = event;
  } catch {
    // No halted event stored (the session is still running, or the stream was purged).
  }
  return { snapshot, halted };
}
