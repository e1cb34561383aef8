// The job worker's bookkeeping of the sessions it runs, with stand-in deliveries: a redelivered job
// joins the run under way (signalled with it, ended with it), including one that arrives after the
// run has decided how the job ends but before its lock is released; a finished run lets a later
// delivery start anew.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { JobRuns } from "@concord/orchestrator/jobs/job-runs.ts";

/** A delivery that logs what it was told: working, ack, nak. */
function delivery(name: string, log: string[]) {
  return {
    name,
    working: () => log.push(`${name} working`),
    ack: () => log.push(`${name} ack`),
    nak: () => log.push(`${name} nak`),
  };
}

describe("JobRuns", () => {
  it("starts one run per session; a second delivery joins it and is signalled and ended with it", () => {
    const log: string[] = [];
    const runs = new JobRuns<ReturnType<typeof delivery>>();
    const first = runs.take("5", delivery("a", log));
    assert.equal(first.joined, false);
    const second = runs.take("5", delivery("b", log));
    assert.equal(second.joined, true);
    assert.equal(second.run, first.run, "the redelivery belongs to the run under way");
    assert.deepEqual(log, ["b working"], "a joining delivery is told at once that it is being worked on");
    log.length = 0;
    first.run.signal();
    assert.deepEqual(log.sort(), ["a working", "b working"]);
    log.length = 0;
    first.run.endWith((msg) => msg.ack());
    assert.deepEqual(log.sort(), ["a ack", "b ack"]);
  });

  it("ends a delivery that joins after the run decided, at once and the same way", () => {
    const log: string[] = [];
    const runs = new JobRuns<ReturnType<typeof delivery>>();
    const { run } = runs.take("9", delivery("a", log));
    assert.equal(run.decided, false);
    run.endWith((msg) => msg.nak());
    assert.equal(run.decided, true);
    // The lock is not released yet: the run is still this session's.
    const late = runs.take("9", delivery("late", log));
    assert.equal(late.joined, true);
    assert.deepEqual(log, ["a nak", "late nak"], "the late delivery is nak'd, never left to wait out another ack wait");
    assert.equal(run.deliveries.size, 1, "a delivery ended at once is not kept for signals");
  });

  it("keeps sessions apart, and starts a new run once the last one finished", () => {
    const log: string[] = [];
    const runs = new JobRuns<ReturnType<typeof delivery>>();
    const five = runs.take("5", delivery("a", log));
    const six = runs.take("6", delivery("b", log));
    assert.equal(six.joined, false);
    assert.notEqual(six.run, five.run);
    assert.equal(runs.size, 2);
    runs.finish("5", five.run);
    const again = runs.take("5", delivery("c", log));
    assert.equal(again.joined, false, "a delivery after the run finished starts its own run");
    assert.notEqual(again.run, five.run);
    // A finished run's late finish does not drop the run that replaced it.
    runs.finish("5", five.run);
    assert.equal(runs.take("5", delivery("d", log)).joined, true);
  });
});
