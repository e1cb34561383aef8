// Fault cases 3, 7, 8 and 8b: the orchestrator process crashes, crashes repeatedly under load,
// freezes while others stand by, or freezes alone past its lock and its job's ack wait.
import { describe, it } from "node:test";
import { setTimeout as stall } from "node:timers/promises";
import { runFaultCase, within } from "./support/fault-case.ts";
import type { FaultStack } from "./support/fault-stack.ts";
import { ownerOf } from "./support/session-owner.ts";
import { taskSent } from "./support/triggers.ts";
import { FAULT_TIMING } from "./support/timing.ts";

/** One session submitted; resolves with its id once `ada` has been sent round `round`'s propose task. */
async function sessionAtRound(stack: FaultStack, round: number): Promise<string> {
  const working = taskSent(stack.nc, "ada", "propose", round);
  const [sessionId] = await stack.submitSessions(1);
  await within(30_000, working, `round ${round}'s task`);
  return sessionId!;
}

/** How long the lone orchestrator stays frozen in case 8b: the fault itself, not a wait for anything. */
const FREEZE_MS = 3 * Math.max(FAULT_TIMING.lockTtlMs, FAULT_TIMING.ackWaitMs);

describe("fault: the orchestrator", { timeout: 180_000 }, () => {
  it("killed (SIGKILL) mid-round is resumed by a restarted orchestrator and the session settles once", async () => {
    await runFaultCase({
      id: "3",
      fault: "the only orchestrator killed (SIGKILL) while round 2's proposals are being written; a new one started",
      async scenario(stack, watch) {
        const first = await stack.startOrchestrator("orch-1");
        const sessionId = await sessionAtRound(stack, 2);
        await first.signal("SIGKILL");
        const second = await stack.startOrchestrator("orch-2");
        const ended = await watch.ends([sessionId], FAULT_TIMING.caseDeadlineMs);
        const resumed = second.lines.find((l) => l.includes(`resuming session ${sessionId}`));
        return {
          sessionIds: [sessionId],
          notes: [`orch-2: ${resumed ?? "did not say it resumed"}`],
          broken: ended.has(sessionId) && !resumed ? ["the new orchestrator did not resume the session"] : [],
        };
      },
    });
  });

  it("killed twice while 20 sessions are submitted loses none and runs none twice", async () => {
    await runFaultCase({
      id: "7",
      fault: "20 sessions (1 round each) submitted while the orchestrator is killed (SIGKILL) twice mid-work and restarted",
      async scenario(stack, watch) {
        const started = (n: number, among: readonly string[]) =>
          Promise.all(among.slice(0, n).map((id) => watch.until((e) => e.type === "round-started" && e.sessionId === id)));
        const a = await stack.startOrchestrator("orch-a", { concurrency: 8 });
        const early = await stack.submitSessions(10, { rounds: 1 });
        await within(30_000, started(4, early), "4 sessions started");
        await a.signal("SIGKILL");
        // Submitted while no orchestrator runs.
        const late = await stack.submitSessions(10, { rounds: 1 });
        const b = await stack.startOrchestrator("orch-b", { concurrency: 8 });
        await within(30_000, started(4, late), "4 late sessions started");
        await b.signal("SIGKILL");
        await stack.startOrchestrator("orch-c", { concurrency: 8 });
        const all = [...early, ...late];
        const ended = await watch.ends(all, FAULT_TIMING.caseDeadlineMs);
        return {
          sessionIds: all,
          notes: [`orch-a killed after 4 sessions started, 10 more submitted while none ran, orch-b killed after 4 of those started; ${ended.size} of 20 ended`],
          broken: [],
        };
      },
    });
  });

  it("the only one, frozen (SIGSTOP) mid-round past its lock TTL and its job's ack wait, then woken: the session runs once and settles once", async () => {
    await runFaultCase({
      id: "8b",
      fault: `the only orchestrator frozen (SIGSTOP) for ${FREEZE_MS / 1000} s during round 1's proposals, past its ${FAULT_TIMING.lockTtlMs / 1000} s lock TTL and its job's ${FAULT_TIMING.ackWaitMs / 1000} s ack wait (the job is redelivered to it), then woken (SIGCONT)`,
      async scenario(stack, watch) {
        const only = await stack.startOrchestrator("orch-1");
        const sessionId = await sessionAtRound(stack, 1);
        await only.signal("SIGSTOP");
        await stall(FREEZE_MS);
        await only.signal("SIGCONT");
        const ended = await watch.ends([sessionId], FAULT_TIMING.caseDeadlineMs);
        const said = (pattern: RegExp) => only.lines.find((l) => pattern.test(l));
        const lost = said(new RegExp(`lost session ${sessionId}:`));
        const joined = said(new RegExp(`session ${sessionId}: its job came again while it runs here`));
        const resumed = said(new RegExp(`resuming session ${sessionId}`));
        return {
          sessionIds: [sessionId],
          notes: [
            `on waking: ${lost ? "its lease had lapsed, it stopped the session" : "it kept the session"}` +
            `${joined ? "; the redelivered job joined the run under way" : ""}` +
            `${resumed ? "; then it resumed the session from its snapshot" : ""}; ${ended.has(sessionId) ? "ended" : "did not end"}`,
          ],
          broken: ended.has(sessionId) ? [] : ["the session did not end after the orchestrator woke"],
        };
      },
    });
  });

  it("frozen (SIGSTOP) mid-round is taken over by an idle one; when it wakes it does not run the session again", async () => {
    await runFaultCase({
      id: "8",
      fault: "the session's owner frozen (SIGSTOP) mid-round while two other orchestrators idle; woken (SIGCONT) after the session ended",
      async scenario(stack, watch) {
        const orchestrators = new Map<string, Awaited<ReturnType<typeof stack.startOrchestrator>>>();
        for (const owner of ["orch-1", "orch-2", "orch-3"]) orchestrators.set(owner, await stack.startOrchestrator(owner));
        const sessionId = await sessionAtRound(stack, 1);
        const owner = await ownerOf(stack.nc, stack.deployment, sessionId);
        if (!owner) throw new Error(`no orchestrator holds session ${sessionId}'s lock`);
        const frozenAt = Date.now();
        await orchestrators.get(owner)!.signal("SIGSTOP");
        const ended = await watch.ends([sessionId], FAULT_TIMING.caseDeadlineMs);
        const endedAfter = ((Date.now() - frozenAt) / 1000).toFixed(1);
        // Whoever else reports on the session took it over (a session with no completed phase yet is started afresh, not "resumed").
        const taker = [...orchestrators].find(([name, o]) => name !== owner && o.lines.some((l) => l.startsWith(`[session ${sessionId}]`)))?.[0];
        // The frozen owner is woken and stopped gracefully by the case runner: whatever it still does is audited.
        return {
          sessionIds: [sessionId],
          notes: [`${owner} frozen; ${taker ? `${taker} took the session over` : "no other orchestrator took it over"}; ${ended.has(sessionId) ? `ended ${endedAfter} s after the freeze` : "it did not end while the owner was frozen"}`],
          broken: taker ? [] : [`no idle orchestrator took over from the frozen ${owner}`],
        };
      },
    });
  });
});
