// Follows a session's events (nsed.{session}.event.*) and prints them as they come, until the
// session settles or fails.
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { formatEther } from "viem";
import { decodeMessage, haltingNumbersText, haltReasonText, outcomeText, sessionEvent, type SessionEvent, subjects } from "@concord/agent-sdk/protocol";
import type { HaltedEvent } from "../../state/stored-session.ts";

export type FinalEvent = Extract<SessionEvent, { type: "session-settled" | "session-failed" }>;
export type { HaltedEvent };

export interface SessionFollower {
  /** Resolves with the session's last event, and the halted event when there was one. */
  done: Promise<{ final: FinalEvent; halted?: HaltedEvent }>;
}

/** Subscribes now (call it before the job is submitted, then flush) and prints every event. */
export function followSession(
  nc: NatsConnection, sessionId: string, names: readonly string[], print: (line: string) => void,
): SessionFollower {
  const sub: Subscription = nc.subscribe(subjects.sessionEvents(sessionId));
  const done = (async () => {
    let halted: HaltedEvent | undefined;
    for await (const msg of sub) {
      let event: SessionEvent;
      try {
        event = decodeMessage(sessionEvent, msg.data);
      } catch (error) {
        print(`  (ignored a malformed event on ${msg.subject}: ${(error as Error).message})`);
        continue;
      }
      describe(event, names).forEach((line) => print(line));
      if (event.type === "halted") halted = event;
      if (event.type === "session-settled" || event.type === "session-failed") {
        sub.unsubscribe();
        return { final: event, halted };
      }
    }
    throw new Error("the event subscription closed before the session ended");
  })();
  return { done };
}

function describe(event: SessionEvent, names: readonly string[]): string[] {
  switch (event.type) {
    case "round-started":
      return [`── round ${event.round} ──`];
    case "phase-closed":
      return [
        `  ${event.phase}: answered ${event.answered.join(", ") || "nobody"}` +
          (event.missing.length ? ` · missing ${event.missing.join(", ")}` : ""),
      ];
    case "round-recorded": {
      const scores = event.scores.map((s, i) => `${names[i] ?? `#${i}`} ${s}`).join(", ");
      return [`  recorded round ${event.round}: scores ${scores} · winner ${event.winner} (tx ${event.txHash.slice(0, 10)}…)`];
    }
    case "halted":
      return [
        `halted after round ${event.round} (${haltReasonText(event.reason, event.overrun)}): ${verdict(event)}`,
        `  ${haltingNumbersText(event)}`,
      ];
    case "session-settled":
      return [
        `settled session ${event.sessionId}: winner ${event.winner} (tx ${event.txHash.slice(0, 10)}…)`,
        ...event.payouts.map((p, i) => `  payout ${(names[i] ?? `#${i}`).padEnd(10)} ${formatEther(BigInt(p))} ETH`),
      ];
    case "session-failed":
      return [`session ${event.sessionId} FAILED: ${event.reason}`, ...(event.refund ? [`  ${refundText(event)}`] : [])];
  }
}

export function verdict(halt: Pick<HaltedEvent, "outcome" | "tied">): string {
  return outcomeText({ label: halt.outcome, tied: halt.tied });
}

/** Where a failed session's bounty stands, as its session-failed event says. */
export function refundText(event: Extract<SessionEvent, { type: "session-failed" }>): string {
  const declined = event.declined?.length ? ` (declined by ${event.declined.join(", ")})` : "";
  switch (event.refund) {
    case "refunded":
      return `bounty refunded to the submitter${declined}`;
    case "open":
      return `failure claimed on chain${declined}: the submitter may refund once the agents' grace to record a round has passed`;
    default:
      return "the chain was not told: refund (or settlement) waits for the deadline";
  }
}
