// Fault cases 5 and 12: the JSON-RPC node stalls (SIGSTOP for a few seconds, then SIGCONT) just as a
// round is to be recorded; it is killed and started again, which for an in-memory `hardhat node`
// is a new, empty chain; and a new chain with the same addresses meets the old chain's state in NATS.
import { describe, it } from "node:test";
import { setTimeout as stall } from "node:timers/promises";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { encodeMessage, sessionJob, streams, subjects } from "@concord/agent-sdk/protocol";
import { runFaultCase, within } from "./support/fault-case.ts";
import { startFaultStack } from "./support/fault-stack.ts";
import { watchEvents, type EventWatch } from "./support/session-events.ts";
import { FAULT_TIMING } from "./support/timing.ts";

/** Round 1's evaluations are in: what follows is its recording on chain. */
const evaluated = (watch: EventWatch, sessionId: string) =>
  watch.until((e) => e.type === "phase-closed" && e.sessionId === sessionId && e.round === 1 && e.phase === "evaluate");

/** How long the node stays frozen: the fault itself, not a wait for anything. */
const STALL_MS = Number(process.env.FAULT_RPC_STALL_MS ?? 4_000);

describe("fault: the RPC node", { timeout: 180_000 }, () => {
  it("stalled (SIGSTOP, then SIGCONT) as round 1 is being recorded: the session settles once", async () => {
    await runFaultCase({
      id: "5a",
      fault: `hardhat node frozen (SIGSTOP) for ${STALL_MS / 1000} s once round 1's evaluations are in (its recording), then continued (SIGCONT)`,
      async scenario(stack, watch) {
        await stack.startOrchestrator("orch-1");
        const [sessionId] = await stack.submitSessions(1);
        await within(20_000, evaluated(watch, sessionId!), "round 1's evaluations");
        let recordedAt: number | undefined;
        void watch.until((e) => e.type === "round-recorded" && e.sessionId === sessionId && e.round === 1).then(() => (recordedAt = Date.now()));
        const node = stack.evm.process();
        const frozenAt = Date.now();
        await node.signal("SIGSTOP");
        await stall(STALL_MS);
        await node.signal("SIGCONT");
        const ended = await watch.ends([sessionId!], FAULT_TIMING.caseDeadlineMs);
        const lag = recordedAt === undefined ? undefined : ((recordedAt - frozenAt) / 1000).toFixed(1);
        return {
          sessionIds: [sessionId!],
          notes: [`round 1 recorded ${lag === undefined ? "never" : `${lag} s after the freeze began`}; session ${ended.has(sessionId!) ? "ended" : "did not end"}`],
          // A recording finished before the freeze means the stall hit nothing: the case would prove nothing.
          broken: lag !== undefined && Number(lag) < STALL_MS / 1000 ? [`round 1 was recorded ${lag} s after the freeze began: the stall missed it`] : [],
        };
      },
    });
  });

  it("killed and restarted (an empty in-memory chain): the session fails with a reason, never claims settlement", async () => {
    await runFaultCase({
      id: "5b",
      fault: "hardhat node killed (SIGKILL) once round 1's evaluations are in, and started again on its port: a new, empty chain",
      expect: "settle-or-fail",
      chainLost: true,
      async scenario(stack, watch) {
        await stack.startOrchestrator("orch-1");
        const [sessionId] = await stack.submitSessions(1);
        await within(20_000, evaluated(watch, sessionId!), "round 1's evaluations");
        await stack.evm.process().signal("SIGKILL");
        await stack.evm.restart();
        const ended = await watch.ends([sessionId!], FAULT_TIMING.caseDeadlineMs);
        return { sessionIds: [sessionId!], notes: [`session ${ended.has(sessionId!) ? "ended" : "did not end"} after the chain was lost`], broken: [] };
      },
    });
  });

  it("replaced by a fresh chain at the same addresses, NATS kept: a new session of the same id starts from round 1 and settles once", async () => {
    const stack = await startFaultStack();
    try {
      // The old chain's session, run to its end: its snapshot, job id and events stay in NATS.
      const before = await watchEvents(stack.nc);
      const old = await stack.startOrchestrator("orch-old");
      const [oldId] = await stack.submitSessions(1, { rounds: 1 });
      const oldEnded = await before.ends([oldId!], FAULT_TIMING.caseDeadlineMs);
      before.close();
      if (!oldEnded.has(oldId!)) throw new Error(`the old chain's session ${oldId} did not end`);
      // Its nonces belong to the old chain.
      await old.signal("SIGTERM");
      await stack.replaceChain();
      const fromSeq = (await (await jetstreamManager(stack.nc)).streams.info(streams.sessions.name)).state.last_seq + 1;
      await runFaultCase({
        id: "12",
        fault: "a session settles; the hardhat node is replaced by a fresh one (redeployed: same addresses), the same NATS and store kept; a new session with the same id submitted",
        async scenario(s, watch) {
          const orchestrator = await s.startOrchestrator("orch-new");
          const { sessionId, task } = await s.createSessionOnly({ rounds: 1 });
          if (sessionId !== oldId) throw new Error(`the new chain numbered its session ${sessionId}, not ${oldId}: nothing to confuse`);
          const { duplicate } = await s.queueJob(sessionId, task, { rounds: 1 });
          // A dropped job is a finding of its own; queued under another message id, the rest is still checked.
          if (duplicate) {
            const job = sessionJob.parse({ sessionId, task, budget: { phaseTimeoutMs: FAULT_TIMING.phaseTimeoutMs } });
            await jetstream(s.nc).publish(subjects.jobSubmit(), encodeMessage(sessionJob, job), { msgID: `job.${sessionId}.fault-suite` });
          }
          const ended = await watch.ends([sessionId], FAULT_TIMING.caseDeadlineMs);
          const ignored = orchestrator.lines.find((l) => l.startsWith(`ignoring the stored snapshot of session ${sessionId}`));
          const resumed = orchestrator.lines.find((l) => l.startsWith(`resuming session ${sessionId}`));
          const fromRoundOne = ended.has(sessionId) ? await watch.until((e) => e.sessionId === sessionId && e.type === "round-started" && e.round === 1).then(() => true) : false;
          return {
            sessionIds: [sessionId],
            eventsFromSeq: fromSeq,
            notes: [
              duplicate ? `its job was dropped by the jobs stream as a duplicate of the old session's (message id job.${sessionId}); queued again under another id` : "its job was queued",
              `orch-new: ${ignored ?? resumed ?? "said nothing of a stored snapshot"}`,
              ended.has(sessionId) ? `it ran from round 1: ${fromRoundOne}` : "it did not end",
            ],
            broken: [
              ...(duplicate ? ["the new session's job was dropped as a duplicate of the old chain's session of the same id"] : []),
              ...(resumed ? ["the old chain's snapshot was resumed"] : []),
              ...(!ignored ? ["the orchestrator did not say it ignored the stored snapshot"] : []),
              ...(ended.has(sessionId) && !fromRoundOne ? ["no round-started of round 1 seen"] : []),
            ],
          };
        },
      }, stack);
    } finally {
      await stack.stop();
    }
  });
});
