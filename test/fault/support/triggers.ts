// The moments a fault is injected at, as events: an agent receiving a given task (so the fault
// lands while the round waits on it). Core subscriptions on the test's own connection.
import type { NatsConnection } from "@nats-io/transport-node";
import { subjects, type Phase } from "@concord/agent-sdk/protocol";

/** Resolves when `agent` is sent its `phase` task of `round` in session `sessionId` (any session when undefined). */
export function taskSent(nc: NatsConnection, agent: string, phase: Phase, round: number, sessionId?: string): Promise<void> {
  const sub = nc.subscribe(subjects.tasksForAgent(agent));
  const sent = (async () => {
    for await (const msg of sub) {
      const [, session, , , taskPhase] = msg.subject.split(".");
      const task = JSON.parse(new TextDecoder().decode(msg.data)) as { round?: number };
      if (taskPhase === phase && task.round === round && (sessionId === undefined || session === sessionId)) {
        sub.unsubscribe();
        return;
      }
    }
  })();
  return nc.flush().then(() => sent);
}
