// Fault cases 10, 10b, 12, 13, 14, 15 and 16, on one stack (none disturbs the next; 12, which replaces
// the chain, comes last): a transaction whose answer never came back, a session that fails for
// good, the npm wrapper killed, a concurrency limit under a burst of jobs, one agent's user
// flooding its own result subjects, and a fresh chain at the same addresses under the old NATS.
import { after, before, describe, it } from "node:test";
import { setTimeout as observe } from "node:timers/promises";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { encodeMessage, getSessionFailedLogs, MAX_RESULT_BYTES, sessionJob, streams, subjects } from "@concord/agent-sdk/protocol";
import { runFaultCase, within } from "./support/fault-case.ts";
import { startFaultStack, type FaultStack } from "./support/fault-stack.ts";
import { descendants, running } from "./support/process-tree.ts";
import { REFUSE_MARK } from "./support/refuse-mark.ts";
import { storedEvents, watchEvents } from "./support/session-events.ts";
import { startRpcProxy } from "./support/rpc-proxy.ts";
import { watchLifetimes } from "./support/session-lifetimes.ts";
import { taskSent } from "./support/triggers.ts";
import { FAULT_TIMING } from "./support/timing.ts";

/** Resolves once `pid` is gone, or with false after `ms` (polling /proc: a grandchild's exit is no event of ours). */
async function gone(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await observe(100)) if (!running(pid)) return true;
  return !running(pid);
}

describe("fault: lifecycle, one shared stack", { timeout: 240_000 }, () => {
  let stack: FaultStack;
  before(async () => {
    stack = await startFaultStack();
  });
  after(async () => {
    await stack?.stop();
  });

  it("--concurrency 2 with 6 sessions submitted at once: never more than 2 run together, all settle once", async () => {
    await runFaultCase({
      id: "15",
      fault: "`--concurrency 2` and 6 sessions (1 round each) submitted at once",
      async scenario(s, watch) {
        const lifetimes = watchLifetimes(s.nc);
        await s.nc.flush();
        await s.startOrchestrator("orch-c2", { concurrency: 2 });
        const ids = await s.submitSessions(6, { rounds: 1 });
        const ended = await watch.ends(ids, FAULT_TIMING.caseDeadlineMs);
        const most = lifetimes.maxOverlap();
        lifetimes.close();
        return {
          sessionIds: ids,
          notes: [`${ended.size} of 6 ended; at most ${most} ran at once (first event to end, as seen live)`],
          broken: most > 2 ? [`${most} sessions ran at once on a --concurrency 2 orchestrator`] : [],
        };
      },
    }, stack);
  });

  it("the npm wrapper killed (SIGKILL): its orchestrator exits too, and only a new one takes the next job", async () => {
    await runFaultCase({
      id: "14",
      fault: "`npm run concord -- orchestrator` killed (SIGKILL); a job submitted afterwards, a new orchestrator started",
      async scenario(s, watch) {
        const wrapper = await s.startOrchestrator("orch-npm", { viaNpm: true });
        const below = descendants(wrapper.child.pid!);
        const killedAt = Date.now();
        await wrapper.signal("SIGKILL");
        const exits = await Promise.all(below.map((pid) => gone(pid, 10_000)));
        const left = below.filter((_, i) => !exits[i]);
        const exitedAfter = ((Date.now() - killedAt) / 1000).toFixed(1);
        const [sessionId] = await s.submitSessions(1, { rounds: 1 });
        const fresh = await s.startOrchestrator("orch-fresh");
        await watch.ends([sessionId!], FAULT_TIMING.caseDeadlineMs);
        // The orphan, if any, still prints into the pipe npm had: what it did is in the wrapper's lines.
        const orphanRan = wrapper.lines.some((l) => l.startsWith(`[session ${sessionId}]`));
        const freshRan = fresh.lines.some((l) => l.startsWith(`[session ${sessionId}]`));
        for (const pid of left) process.kill(pid, "SIGKILL");
        const broken = [
          ...(left.length > 0 ? [`${left.length} of npm's ${below.length} descendants (pids ${left.join(", ")}) still ran 10 s after the kill`] : []),
          ...(orphanRan ? ["the orphaned orchestrator ran the job submitted after the kill"] : []),
          ...(freshRan ? [] : ["the new orchestrator did not run the job"]),
        ];
        return {
          sessionIds: [sessionId!],
          notes: [
            `npm's ${below.length} descendants (sh, the orchestrator) ${left.length === 0 ? `all gone ${exitedAfter} s after the kill` : `not all gone: ${left.length} left`}`,
            `the next job run by ${[freshRan && "the new orchestrator", orphanRan && "the orphan"].filter(Boolean).join(" and ") || "nobody"}`,
          ],
          broken,
        };
      },
    }, stack);
  });

  /**
   * Fault cases 10 and 10b: orch-1 killed once round `round`'s recordRound (`what` it carries) was
   * mined but before the node's answer reached it (a proxy withholds it); orch-2 resumes.
   */
  async function killedAfterMined(id: string, round: number, what: string, fault: string): Promise<void> {
    const proxy = await startRpcProxy(stack.evm.rpcUrl);
    try {
      await runFaultCase({
        id, fault,
        async scenario(s, watch) {
          const swallowed = proxy.swallowRecording(round);
          const first = await s.startOrchestrator("orch-1", { rpcUrl: proxy.url });
          const [sessionId] = await s.submitSessions(1);
          const { txHash } = await within(30_000, swallowed, `round ${round}'s recordRound`);
          await first.signal("SIGKILL");
          const second = await s.startOrchestrator("orch-2");
          const ended = await watch.ends([sessionId!], FAULT_TIMING.caseDeadlineMs);
          const resumed = second.lines.find((l) => l.includes(`session ${sessionId}`) && /resum/.test(l));
          return {
            sessionIds: [sessionId!],
            notes: [`${what} mined in tx ${txHash.slice(0, 10)}…, its answer withheld, orch-1 killed; orch-2: ${resumed ?? "did not say it resumed"}; ${ended.has(sessionId!) ? "ended" : "did not end"}`],
            broken: [],
          };
        },
      }, stack);
    } finally {
      await proxy.stop();
    }
  }

  it("killed (SIGKILL) after round 1's record reached the node, before its answer: resumed, each round recorded once", async () => {
    await killedAfterMined("10", 1, "round 1",
      "the orchestrator killed (SIGKILL) after round 1's recordRound reached the node (mined) but before the node's answer reached it; a new one started");
  });

  it("killed (SIGKILL) after the last round's record and the settlement (one transaction) reached the node, before its answer: read back, nothing sent twice", async () => {
    await killedAfterMined("10b", 2, "round 2 and the settlement",
      "the orchestrator killed (SIGKILL) after the transaction holding round 2's recordRound and the settlement reached the node (mined) but before the node's answer reached it; a new one started");
  });

  it("one agent user's junk: 50 × 1 MB and one result over MAX_RESULT_BYTES on its own result subjects are refused", async () => {
    await runFaultCase({
      id: "16",
      fault: `agent \`ada\`'s own NATS user publishes 50 × 1 MB junk and one ${MAX_RESULT_BYTES + 1}-byte result on its own result subjects during round 1's proposals`,
      async scenario(s, watch) {
        const orchestrator = await s.startOrchestrator("orch-1");
        const working = taskSent(s.nc, "ada", "propose", 1);
        const [sessionId] = await s.submitSessions(1);
        await within(20_000, working, "ada's round 1 task");
        const junk = await connect({ servers: s.nats.urls, ...s.authOf("ada"), name: "ada-junk" });
        const maxPayload = junk.info?.max_payload;
        const subject = subjects.result(sessionId!, 1, "ada", "propose");
        let refusedBySender = 0;
        const send = (bytes: number) => {
          try {
            junk.publish(subject, new Uint8Array(bytes).fill(0x7b));
          } catch {
            refusedBySender++;
          }
        };
        for (let i = 0; i < 50; i++) send(1_000_000);
        send(MAX_RESULT_BYTES + 1);
        await junk.flush();
        await junk.close();
        const proposals = await within(20_000, watch.until((e) => e.type === "phase-closed" && e.sessionId === sessionId && e.round === 1 && e.phase === "propose"), "round 1's proposals closing");
        const adaCounted = proposals.type === "phase-closed" && proposals.answered.includes("ada");
        await watch.ends([sessionId!], FAULT_TIMING.caseDeadlineMs);
        // The settlement's summary (printed just after session-settled is published) counts what was refused.
        const summary = new RegExp(`^\\[session ${sessionId}\\]\\s+messages refused`);
        const refused = await within(10_000, orchestrator.waitFor(summary), "the refusals summary").catch(() => undefined);
        const oversize = Number(refused?.match(/oversize (\d+)/)?.[1] ?? 0);
        const jsm = await jetstreamManager(s.nc);
        const limits = await Promise.all([streams.sessions.name, streams.jobs.name].map(async (name) => {
          const info = await jsm.streams.info(name);
          return { name, bytes: info.state.bytes, max: info.config.max_bytes };
        }));
        const broken = [
          ...(orchestrator.alive() ? [] : ["the orchestrator exited"]),
          ...(adaCounted ? [] : ["ada's own proposal was not counted in round 1"]),
          // Every junk message must be refused and counted; one that arrives as its phase closes may be counted by nobody.
          ...(oversize + refusedBySender === 51 ? [] : [`${oversize} counted as refused (oversize) and ${refusedBySender} refused by the client, not all 51`]),
          ...limits.filter((l) => l.bytes > l.max).map((l) => `stream ${l.name} holds ${l.bytes} bytes, over its ${l.max}`),
        ];
        return {
          sessionIds: [sessionId!],
          notes: [
            `the server took all ${51 - refusedBySender} publishes (max_payload ${maxPayload} bytes)`,
            `orchestrator: ${refused?.replace(/^\[session \d+\]\s*/, "") ?? "refused nothing"}`,
            `ada's own proposal counted: ${adaCounted}`,
            `orchestrator up: ${orchestrator.alive()}`,
            limits.map((l) => `${l.name} ${(l.bytes / 1e6).toFixed(0)} MB of ${(l.max / 1e6).toFixed(0)} MB`).join(", "),
          ],
          broken,
        };
      },
    }, stack);
  });

  it("failed is final: a session every agent refuses fails once, is never run again and is refundable at once", async () => {
    await runFaultCase({
      id: "13",
      fault: `a session every agent declines (a task the simulated agents skip); watched for ${(3 * FAULT_TIMING.ackWaitMs) / 1000} s (3 ack waits) after it failed`,
      expect: "settle-or-fail",
      async scenario(s, watch) {
        const orchestrator = await s.startOrchestrator("orch-1");
        const { sessionId, task } = await s.createSessionOnly({ task: `${REFUSE_MARK} Name the largest moon of Saturn.` });
        await s.queueJob(sessionId, task);
        await within(30_000, watch.until((e) => e.type === "session-failed" && e.sessionId === sessionId), "session-failed");
        const jsm = await jetstreamManager(s.nc);
        const before = await jsm.consumers.info(streams.jobs.name, streams.jobs.consumer);
        // The property is an absence over time: three ack waits, each a chance for a redelivery.
        await observe(3 * FAULT_TIMING.ackWaitMs);
        const afterWait = await jsm.consumers.info(streams.jobs.name, streams.jobs.consumer);
        const jobs = await jsm.streams.info(streams.jobs.name);
        // Each run of the job that ends in failure says so once.
        const runs = orchestrator.lines.filter((l) => l.startsWith(`session ${sessionId} failed:`)).length;
        const failures = await getSessionFailedLogs(s.clients.publicClient, {
          address: s.deployment.contracts.Sessions, sessionId: BigInt(sessionId), fromBlock: BigInt(s.deployment.deployedAtBlock),
        });
        const claimed = await s.clients.publicClient.readContract({
          address: s.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "failureClaimed", args: [BigInt(sessionId)],
        });
        const deliveries = afterWait.delivered.consumer_seq - before.delivered.consumer_seq;
        const broken = [
          ...(deliveries > 0 ? [`the job consumer delivered ${deliveries} more message(s) after the failure`] : []),
          ...(afterWait.num_ack_pending + afterWait.num_pending > 0 ? [`the job consumer still has ${afterWait.num_ack_pending} unacked and ${afterWait.num_pending} pending`] : []),
          ...(jobs.state.messages > 0 ? [`${jobs.state.messages} job(s) left in the jobs stream`] : []),
          ...(runs === 1 ? [] : [`the job ran to failure ${runs} times`]),
          ...(watch.published(sessionId, "session-failed") === 1 ? [] : [`session-failed published ${watch.published(sessionId, "session-failed")} times`]),
          ...(failures.length === 1 && (failures[0]!.refunded || claimed) ? [] : [`not refundable at once: ${failures.length} SessionFailed event(s), failureClaimed ${claimed}`]),
        ];
        return {
          sessionIds: [sessionId],
          notes: [
            `session-failed published ${watch.published(sessionId, "session-failed")} time(s); the job ran to failure ${runs} time(s)`,
            `after 3 ack waits the job consumer delivered ${deliveries} more, ${afterWait.num_ack_pending} unacked, ${afterWait.num_pending} pending; jobs stream holds ${jobs.state.messages}`,
            `on chain: ${failures.length} SessionFailed (${failures.map((f) => `declines of ${f.declined.toString(2).replaceAll("0", "").length} agents, refunded ${f.refunded}`).join("; ")}), failureClaimed ${claimed}`,
          ],
          broken,
        };
      },
    }, stack);
  });

  it("replaced by a fresh chain at the same addresses, NATS kept: a new session of an old id starts from round 1 and settles once", async () => {
    // The old chain's session 1 ended (case 15's first, or one run here when that case was filtered out).
    if (!(await storedEvents(stack.nc)).some((e) => e.sessionId === "1" && e.type === "session-settled")) {
      const watch = await watchEvents(stack.nc);
      await stack.startOrchestrator("orch-old");
      await watch.ends(await stack.submitSessions(1, { rounds: 1 }), FAULT_TIMING.caseDeadlineMs);
      watch.close();
      await stack.stopOrchestrators();
    }
    await stack.replaceChain();
    const fromSeq = (await (await jetstreamManager(stack.nc)).streams.info(streams.events.name)).state.last_seq + 1;
    await runFaultCase({
      id: "12",
      fault: "a session (id 1) settles; the hardhat node is replaced by a fresh one (redeployed: same addresses), the same NATS and store kept; a new session with the same id submitted",
      async scenario(s, watch) {
        const orchestrator = await s.startOrchestrator("orch-new");
        const { sessionId, task } = await s.createSessionOnly({ rounds: 1 });
        if (sessionId !== "1") throw new Error(`the new chain numbered its first session ${sessionId}, not 1: nothing to confuse`);
        const { duplicate } = await s.queueJob(sessionId, task, { rounds: 1 });
        // A dropped job is a finding of its own; queued under another message id, the rest is still checked.
        if (duplicate) {
          const job = sessionJob.parse({ sessionId, task, budget: { phaseTimeoutMs: FAULT_TIMING.phaseTimeoutMs } });
          await jetstream(s.nc).publish(subjects.jobSubmit(), encodeMessage(sessionJob, job), { msgID: `job.${sessionId}.fault-suite` });
        }
        const ended = await watch.ends([sessionId], FAULT_TIMING.caseDeadlineMs);
        const ignored = orchestrator.lines.find((l) => l.startsWith(`ignoring the stored snapshot of session ${sessionId}`));
        const resumed = orchestrator.lines.find((l) => l.startsWith(`resuming session ${sessionId}`));
        const firstRound = ended.has(sessionId) ? await watch.until((e) => e.sessionId === sessionId && e.type === "round-started") : undefined;
        const fromRoundOne = firstRound?.type === "round-started" && firstRound.round === 1;
        return {
          sessionIds: [sessionId],
          eventsFromSeq: fromSeq,
          notes: [
            duplicate ? `its job was dropped by the jobs stream as a duplicate of the old session's (message id job.${sessionId}); queued again under another id` : "its job was queued",
            `orch-new: ${ignored ?? resumed ?? "said nothing of a stored snapshot"}`,
            ended.has(sessionId) ? `it ran from round 1: ${fromRoundOne && !resumed}` : "it did not end",
          ],
          broken: [
            ...(duplicate ? ["the new session's job was dropped as a duplicate of the old chain's session of the same id"] : []),
            ...(resumed ? ["the old chain's snapshot was resumed"] : []),
            ...(ignored ? [] : ["the orchestrator did not say it ignored the stored snapshot"]),
            ...(ended.has(sessionId) && !fromRoundOne ? [`its first round was ${firstRound?.type === "round-started" ? firstRound.round : "never started"}, not 1`] : []),
          ],
        };
      },
    }, stack);
  });
});
