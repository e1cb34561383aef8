// Fault case 5: the JSON-RPC node stalls (SIGSTOP for a few seconds, then SIGCONT) just as a round
// is to be recorded; and, separately, it is killed and started again, which for an in-memory
// `hardhat node` is a new, empty chain.
import { describe, it } from "node:test";
import { setTimeout as stall } from "node:timers/promises";
import { runFaultCase, within } from "./support/fault-case.ts";
import type { EventWatch } from "./support/session-events.ts";
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
});
