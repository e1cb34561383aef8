// Fault cases 1, 2 and 9: an agent crashes, freezes, or abuses its NATS user mid-session.
import { describe, it } from "node:test";
import { runFaultCase, within } from "./support/fault-case.ts";
import { taskSent } from "./support/triggers.ts";
import { FAULT_TIMING } from "./support/timing.ts";

describe("fault: an agent", { timeout: 120_000 }, () => {
  it("killed (SIGKILL) mid-round: the session goes on without it and settles once", async () => {
    await runFaultCase({
      id: 1,
      fault: "agent `bram` killed (SIGKILL) while it works on round 1's proposal",
      async scenario(stack, watch) {
        await stack.startOrchestrator("orch-1");
        const working = taskSent(stack.nc, "bram", "propose", 1);
        const [sessionId] = await stack.submitSessions(1);
        await within(20_000, working, "bram's round 1 task");
        const killedAt = Date.now();
        await stack.agents.get("bram")!.signal("SIGKILL");
        const closed = await within(20_000, watch.until((e) => e.type === "phase-closed" && e.round === 1 && e.phase === "propose"), "round 1's propose phase closing");
        const waited = ((Date.now() - killedAt) / 1000).toFixed(1);
        await watch.ends([sessionId!], FAULT_TIMING.caseDeadlineMs);
        const missing = closed.type === "phase-closed" ? closed.missing : [];
        return {
          sessionIds: [sessionId!],
          notes: [`round 1's proposals closed ${waited} s after the kill, missing ${missing.join(", ") || "nobody"}`],
          broken: missing.includes("bram") ? [] : ["bram was not reported missing from round 1's proposals"],
        };
      },
    });
  });
});
