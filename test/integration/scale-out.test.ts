// Scale-out on an existing engine: two `concord orchestrator` processes, each on its own server of
// a 3-node JetStream cluster (streams and buckets R3), share the job queue. Sessions spread across
// both, and none runs twice: each settles once, its rounds recorded once, in order.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { jetstreamManager } from "@nats-io/jetstream";
import { streams } from "@concord/agent-sdk/protocol";
import { startFaultStack, type FaultStack } from "../fault/support/fault-stack.ts";
import { auditSessions, violations } from "../fault/support/session-audit.ts";
import { storedEvents, watchEvents } from "../fault/support/session-events.ts";
import { FAULT_TIMING } from "../fault/support/timing.ts";

const SESSIONS = 6;

describe("two orchestrators on a 3-node JetStream cluster", { timeout: 180_000 }, () => {
  let stack: FaultStack;
  before(async () => {
    stack = await startFaultStack({ natsNodes: 3 });
  });
  after(async () => {
    await stack?.stop();
  });

  it("share the job queue: sessions spread across both, each run once and settled once", async () => {
    // Two sessions at a time each, so six queued at once cannot all go to one of them.
    const orchestrators = [
      await stack.startOrchestrator("orch-1", { concurrency: 2, natsUrl: stack.nats.urls[0] }),
      await stack.startOrchestrator("orch-2", { concurrency: 2, natsUrl: stack.nats.urls[1] }),
    ];
    const jsm = await jetstreamManager(stack.nc);
    assert.equal((await jsm.streams.info(streams.jobs.name)).config.num_replicas, 3, "the job queue keeps three copies");
    const watch = await watchEvents(stack.nc);
    try {
      const ids = await stack.submitSessions(SESSIONS);
      const ended = await watch.ends(ids, FAULT_TIMING.caseDeadlineMs);
      assert.equal(ended.size, SESSIONS, "every session ended");
      const audits = await auditSessions(stack, await storedEvents(stack.nc), ids, { live: watch });
      assert.deepEqual(audits.flatMap(violations), []);
      const failures = audits.filter((a) => a.chain.settled !== 1).map((a) => `${a.sessionId}: ${a.published.reasons.join("; ") || "no reason published"}`);
      assert.deepEqual(failures, [], "every session settled on chain");
      // Who ran what: each orchestrator prefixes a session's lines with its id.
      const ranBy = ids.map((id) => orchestrators.filter((o) => o.lines.some((line) => line.startsWith(`[session ${id}]`))).map((o) => o.label));
      assert.ok(ranBy.every((owners) => owners.length === 1), `each session ran on one orchestrator: ${JSON.stringify(ranBy)}`);
      for (const o of orchestrators) assert.ok(ranBy.some((owners) => owners[0] === o.label), `${o.label} ran a session: ${JSON.stringify(ranBy)}`);
    } finally {
      watch.close();
    }
  });
});
