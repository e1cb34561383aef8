// Fault cases 4, 6 and 11: the NATS server crashes and comes back on its store (within a phase, and
// after longer than a phase); in a 3-node JetStream cluster, the node leading the sessions stream
// crashes for good.
import { describe, it } from "node:test";
import { setTimeout as outage } from "node:timers/promises";
import { jetstreamManager } from "@nats-io/jetstream";
import { buckets, streams } from "@concord/agent-sdk/protocol";
import { runFaultCase, within } from "./support/fault-case.ts";
import { taskSent } from "./support/triggers.ts";
import { FAULT_TIMING } from "./support/timing.ts";

/** How long the server stays down: the fault itself, not a wait for anything. */
const OUTAGE_MS = Number(process.env.FAULT_NATS_OUTAGE_MS ?? 3_000);
/**
 * Answers made during the outage are held and retried until their phase's deadline: the phase must
 * outlast the outage (and the restart), as the default 30 s one does; the suite's 4 s one would not.
 */
const OUTAGE_PHASE_MS = 3 * OUTAGE_MS + 1_000;

describe("fault: nats-server", { timeout: 180_000 }, () => {
  it("killed (SIGKILL) mid-session and restarted on the same store: the session settles once", async () => {
    await runFaultCase({
      id: "4",
      fault: `nats-server killed (SIGKILL) during round 1's proposals, restarted on the same store ${OUTAGE_MS / 1000} s later; phase deadline ${OUTAGE_PHASE_MS / 1000} s`,
      async scenario(stack, watch) {
        await stack.startOrchestrator("orch-1");
        const working = taskSent(stack.nc, "ada", "propose", 1);
        const [sessionId] = await stack.submitSessions(1, { phaseTimeoutMs: OUTAGE_PHASE_MS });
        await within(20_000, working, "round 1's task");
        const [node] = stack.nats.nodes;
        await node!.signal("SIGKILL");
        await outage(OUTAGE_MS);
        await node!.restart();
        const ended = await watch.ends([sessionId!], FAULT_TIMING.caseDeadlineMs);
        const survivors = [...stack.agents].filter(([, a]) => a.alive()).map(([name]) => name);
        const orchestratorUp = stack.orchestrators[0]!.alive();
        return {
          sessionIds: [sessionId!],
          notes: [`after the restart: agents still running ${survivors.join(", ") || "none"}, orchestrator ${orchestratorUp ? "running" : "exited"}; an end event ${ended.has(sessionId!) ? "was" : "was not"} seen live`],
          broken: [],
        };
      },
    });
  });

  it("down for longer than a phase, then restarted on its store: nobody crashes, the session ends once", async () => {
    const phaseMs = FAULT_TIMING.phaseTimeoutMs;
    const downMs = 1.5 * phaseMs;
    await runFaultCase({
      id: "11",
      fault: `nats-server killed (SIGKILL) during round 1's proposals and kept down ${downMs / 1000} s (1.5 × the ${phaseMs / 1000} s phase deadline), restarted on the same store; then a second session submitted`,
      expect: "settle-or-fail",
      async scenario(stack, watch) {
        const orchestrator = await stack.startOrchestrator("orch-1");
        const working = taskSent(stack.nc, "ada", "propose", 1);
        const [sessionId] = await stack.submitSessions(1);
        await within(20_000, working, "round 1's task");
        const [node] = stack.nats.nodes;
        await node!.signal("SIGKILL");
        await outage(downMs);
        await node!.restart();
        const ended = await watch.ends([sessionId!], FAULT_TIMING.caseDeadlineMs);
        const end = ended.has(sessionId!) ? await watch.until((e) => e.sessionId === sessionId && (e.type === "session-settled" || e.type === "session-failed")) : undefined;
        // Reconnected, not merely alive: the same processes run a new session to its end.
        const [next] = await stack.submitSessions(1, { rounds: 1 });
        const nextEnded = await watch.ends([next!], FAULT_TIMING.caseDeadlineMs);
        const down = [...stack.agents].filter(([, a]) => !a.alive()).map(([name]) => `agent ${name}`);
        if (!orchestrator.alive()) down.push("the orchestrator");
        return {
          sessionIds: [sessionId!, next!],
          notes: [
            `the session ${!end ? "did not end" : end.type === "session-failed" ? `failed (${end.reason.slice(0, 100)})` : "settled"}`,
            `${down.length === 0 ? "every agent and the orchestrator still running" : `exited: ${down.join(", ")}`}; the next session ${nextEnded.has(next!) ? "ended" : "did not end"} on the same processes`,
          ],
          broken: [
            ...down.map((d) => `${d} exited`),
            ...(nextEnded.has(next!) ? [] : ["a session submitted after the restart did not end"]),
          ],
        };
      },
    });
  });

  it("in a 3-node cluster with R3 streams, the sessions stream's leader killed mid-session: the session settles once", async () => {
    await runFaultCase({
      id: "6",
      fault: "3-node JetStream cluster, streams and buckets R3: the node leading the sessions stream killed (SIGKILL) during round 1's proposals",
      stack: { natsNodes: 3 },
      async scenario(stack, watch) {
        await stack.startOrchestrator("orch-1");
        const working = taskSent(stack.nc, "ada", "propose", 1);
        const [sessionId] = await stack.submitSessions(1);
        await within(20_000, working, "round 1's task");
        const jsm = await jetstreamManager(stack.nc);
        // The orchestrator made its buckets (`--replicas 3`): every copy kept on the cluster.
        for (const bucket of [buckets.sessionLocks, buckets.sessionState]) {
          const copies = (await jsm.streams.info(`KV_${bucket}`)).config.num_replicas;
          if (copies !== 3) throw new Error(`bucket ${bucket} keeps ${copies} copies, not 3`);
        }
        const leader = (await jsm.streams.info(streams.sessions.name)).cluster?.leader;
        const node = stack.nats.nodes.find((n) => n.name === leader);
        if (!node) throw new Error(`the sessions stream has no known leader (${leader})`);
        await node.signal("SIGKILL");
        const ended = await watch.ends([sessionId!], FAULT_TIMING.caseDeadlineMs);
        // While the cluster elects, its JetStream API times out or says it is not enabled: ask a few times.
        let after = "";
        for (let tries = 0; !after && tries < 5; tries++) {
          after = await jsm.streams.info(streams.sessions.name).then((i) => i.cluster?.leader ?? "", (e: Error) => (tries === 4 ? `unknown (${e.message})` : ""));
        }
        return {
          sessionIds: [sessionId!],
          notes: [`leader ${leader}${node === stack.nats.nodes[0] ? " (the orchestrator's server)" : ""} killed; new leader ${after}; an end event ${ended.has(sessionId!) ? "was" : "was not"} seen live`],
          broken: [],
        };
      },
    });
  });
});
