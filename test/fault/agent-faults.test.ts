// Fault cases 1, 2 and 9: an agent crashes, freezes, or abuses its NATS user mid-session.
import { describe, it } from "node:test";
import { abuse } from "./support/abuse.ts";
import { runFaultCase, within } from "./support/fault-case.ts";
import { storedEvents } from "./support/session-events.ts";
import { taskSent } from "./support/triggers.ts";
import { FAULT_TIMING } from "./support/timing.ts";

describe("fault: an agent", { timeout: 120_000 }, () => {
  it("killed (SIGKILL) mid-round: the session goes on without it and settles once", async () => {
    await runFaultCase({
      id: "1",
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

describe("fault: an agent frozen", { timeout: 120_000 }, () => {
  it("(SIGSTOP) mid-round is given up on once its heartbeats stop, well before the 30 s phase deadline", async () => {
    await runFaultCase({
      id: "2",
      fault: "agent `chloe` frozen (SIGSTOP) while it works on round 1's proposal; phase deadline 30 s",
      async scenario(stack, watch) {
        await stack.startOrchestrator("orch-1");
        const working = taskSent(stack.nc, "chloe", "propose", 1);
        const [sessionId] = await stack.submitSessions(1, { phaseTimeoutMs: 30_000 });
        await within(20_000, working, "chloe's round 1 task");
        const frozenAt = Date.now();
        await stack.agents.get("chloe")!.signal("SIGSTOP");
        const closed = await within(40_000, watch.until((e) => e.type === "phase-closed" && e.round === 1 && e.phase === "propose"), "round 1's propose phase closing");
        const waited = (Date.now() - frozenAt) / 1000;
        await watch.ends([sessionId!], FAULT_TIMING.caseDeadlineMs);
        const missing = closed.type === "phase-closed" ? closed.missing : [];
        const broken: string[] = [];
        if (!missing.includes("chloe")) broken.push("chloe was not reported missing from round 1's proposals");
        // Heartbeats every 2 s, down after 6 s of silence: about 8 s, far from 30.
        if (waited > 15) broken.push(`the phase waited ${waited.toFixed(1)} s for the frozen agent`);
        return {
          sessionIds: [sessionId!],
          notes: [`round 1's proposals closed ${waited.toFixed(1)} s after the freeze, missing ${missing.join(", ") || "nobody"}`],
          broken,
        };
      },
    });
  });
});

describe("fault: abuse from one agent's NATS user", { timeout: 120_000 }, () => {
  it("forged stopping beats, a flood and junk results mark nobody absent and leave the orchestrator up", async () => {
    await runFaultCase({
      id: "9",
      fault: "agent user `mallory`: a forged \"stopping\" heartbeat naming `ada`, a heartbeat flood, junk results, mid-round",
      stack: { idleAgentUsers: ["mallory"] },
      async scenario(stack, watch) {
        const orchestrator = await stack.startOrchestrator("orch-1");
        const working = taskSent(stack.nc, "ada", "propose", 1);
        const [sessionId] = await stack.submitSessions(1);
        await within(20_000, working, "ada's round 1 task");
        const did = await abuse(stack.nats.urls, stack.authOf("mallory"), { as: "mallory", victim: "ada", sessionId: sessionId!, floodBeats: 5_000 });
        await watch.ends([sessionId!], FAULT_TIMING.caseDeadlineMs);
        const absent = (await storedEvents(stack.nc)).flatMap((e) =>
          e.type === "phase-closed" && e.sessionId === sessionId ? e.missing.map((m) => `${m} (round ${e.round} ${e.phase})`) : [],
        );
        const broken = [
          ...absent.map((a) => `marked missing: ${a}`),
          ...(orchestrator.alive() ? [] : ["the orchestrator exited"]),
        ];
        return {
          sessionIds: [sessionId!],
          notes: [`sent ${did.join(", ")}`, `nobody missing from any phase: ${absent.length === 0}`, `orchestrator up: ${orchestrator.alive()}`],
          broken,
        };
      },
    });
  });
});
