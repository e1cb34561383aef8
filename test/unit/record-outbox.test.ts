// The record outbox's order, with a stand-in sender: records go out one at a time in round order,
// each only once what it waits for (its round's events acked) holds, and a failure there is the
// record's, refusing every later one too.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { recordOutbox, type RecordSender } from "@concord/orchestrator/rounds/record-outbox.ts";
import type { SessionDeps, SessionPlan } from "@concord/orchestrator/rounds/types.ts";
import type { TalliedRound } from "@concord/orchestrator/state/round-outcome.ts";

const plan = { sessionId: 7n } as SessionPlan;
const deps = {} as Pick<SessionDeps, "chain" | "orchestrator" | "owned">;
const round = (n: number) => ({ round: n }) as TalliedRound;

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A sender that logs each round it is asked to record and lands it at once. */
function loggingSender(log: string[]): RecordSender {
  return async (r) => {
    log.push(`sent ${r.round}`);
    return { scores: [], winnerIndex: 0, txHash: `0x0${r.round}`, gasUsed: 1n, recorded: true } as unknown as Awaited<ReturnType<RecordSender>>;
  };
}

describe("recordOutbox", () => {
  it("sends a record only once its round's events are acked, and later records after it", async () => {
    const log: string[] = [];
    const outbox = recordOutbox(deps, plan, loggingSender(log));
    const events1 = deferred();
    const first = outbox.send(round(1), events1.promise).then(() => log.push("landed 1"));
    // Round 2's events are acked already: its record still waits for round 1's.
    const second = outbox.send(round(2), Promise.resolve()).then(() => log.push("landed 2"));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log, [], "nothing is sent while round 1's events are unacked");
    events1.resolve();
    await Promise.all([first, second]);
    assert.deepEqual(log, ["sent 1", "landed 1", "sent 2", "landed 2"]);
    assert.equal(outbox.recorded, 2);
  });

  it("fails a record whose events were not acked, sends nothing for it, and refuses the ones after", async () => {
    const log: string[] = [];
    const outbox = recordOutbox(deps, plan, loggingSender(log));
    const events1 = deferred();
    const first = outbox.send(round(1), events1.promise);
    const second = outbox.send(round(2), Promise.resolve());
    // Rejected before its turn is awaited: handled, never an unhandled rejection.
    events1.reject(new Error("stream unavailable"));
    await assert.rejects(first, /stream unavailable/);
    await assert.rejects(second, /stream unavailable/);
    assert.deepEqual(log, []);
    assert.equal(outbox.recorded, 0);
  });
});
