// When each session was seen running, from its events as they arrive (first event to its end), and
// how many of those lifetimes overlapped at most: what a concurrency limit must bound.
import type { NatsConnection } from "@nats-io/transport-node";
import { decodeMessage, sessionEvent } from "@concord/agent-sdk/protocol";

export interface Lifetimes {
  /** The most sessions running at one moment, over the sessions that ended. */
  maxOverlap(): number;
  close(): void;
}

export function watchLifetimes(nc: NatsConnection): Lifetimes {
  const spans = new Map<string, { from: number; to?: number }>();
  const sub = nc.subscribe("nsed.*.event.*", {
    callback: (_, msg) => {
      const event = decodeMessage(sessionEvent, msg.data);
      const span = spans.get(event.sessionId) ?? { from: performance.now() };
      spans.set(event.sessionId, span);
      if (event.type === "session-settled" || event.type === "session-failed") span.to = performance.now();
    },
  });
  return {
    maxOverlap() {
      // Ends sort before starts at the same instant: a slot freed and taken again is not an overlap.
      const marks = [...spans.values()].filter((s) => s.to !== undefined)
        .flatMap((s) => [[s.from, 1], [s.to!, -1]] as const)
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let now = 0;
      let most = 0;
      for (const [, step] of marks) most = Math.max(most, (now += step));
      return most;
    },
    close: () => sub.unsubscribe(),
  };
}
