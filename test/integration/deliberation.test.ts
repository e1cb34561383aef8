// The protocol's behaviour on real parts: masking on the wire, feedback, and halting on a
// unanimous panel versus a split one. Agents are processes with seeded skills, so runs repeat.
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { keccak256, parseEther, stringToBytes } from "viem";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, readRoundTerms } from "@concord/orchestrator/chain/actions/index.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import type { SessionOutcome } from "@concord/orchestrator/rounds/types.ts";
import type { PanelAgent } from "@concord/orchestrator/nats/panel-agent.ts";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import {
  type Budget, decodeMessage, encodeMessage, evaluateTask, type EvaluateTask, finaliseMessage, finaliseRequest,
  getRoundRecordedLogs, proposeTask, type ProposeTask, subjects, unpackRoundOutcome,
} from "@concord/agent-sdk/protocol";
import { connect } from "@nats-io/transport-node";
import { natsAuthOptions } from "@concord/agent-sdk/agent";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { trackLiveness } from "@concord/orchestrator/nats/liveness.ts";

const PANEL = [
  { name: "sure-1", skill: 1 }, { name: "sure-2", skill: 1 }, { name: "sure-3", skill: 1 },
  { name: "sloppy-1", skill: 0 }, { name: "sloppy-2", skill: 0 }, { name: "sloppy-3", skill: 0 },
];

describe("deliberation on real parts", () => {
  let stack: LocalStack;
  const evaluateTasks: { agent: string; task: EvaluateTask }[] = [];
  const proposeTasks: { agent: string; task: ProposeTask }[] = [];
  /** Every task and result on the wire, as sent: subject and bytes. */
  const wire: { subject: string; data: Uint8Array }[] = [];

  before(async () => {
    stack = await startLocalStack({ panel: PANEL });
    // Listen to the wire as an outsider would: every task any agent receives.
    const sniffer = stack.nc.subscribe("nsed.*.task.>");
    const results = stack.nc.subscribe("nsed.*.result.>");
    void (async () => {
      for await (const msg of results) wire.push({ subject: msg.subject, data: msg.data });
    })();
    void (async () => {
      for await (const msg of sniffer) {
        wire.push({ subject: msg.subject, data: msg.data });
        const [, , , agent, phase] = msg.subject.split(".");
        if (phase === "evaluate") evaluateTasks.push({ agent: agent!, task: decodeMessage(evaluateTask, msg.data) });
        else proposeTasks.push({ agent: agent!, task: decodeMessage(proposeTask, msg.data) });
      }
    })();
    await stack.nc.flush();
  });
  after(async () => {
    await stack?.stop();
  });

  async function deliberate(
    panel: PanelAgent[],
    seed: string,
    maxRounds: number,
    extra: { effort?: number; budget?: Budget; minRounds?: number } = {},
  ): Promise<SessionOutcome> {
    const problem = generateWordProblem(seededRandom(seed));
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter,
      taskHash: keccak256(stringToBytes(problem.text)), agentIds: panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, maxRounds, bounty: parseEther("1"),
    });
    return runSession(
      { nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator },
      { sessionId, task: problem.text, panel, minRounds: extra.minRounds ?? 1, maxRounds, effort: extra.effort ?? 0.6, budget: extra.budget, phaseTimeoutMs: 30_000, roundTerms: await readRoundTerms(stack.chain, { sessionId }) },
    );
  }

  it("halts a unanimous panel right after minRounds, labelled consensus", async () => {
    const outcome = await deliberate(stack.panel.slice(0, 3), "unanimous", 5, { minRounds: 2 });
    assert.equal(outcome.halt.reason, "unanimous");
    assert.equal(outcome.rounds.length, 2);
    assert.equal(outcome.halt.outcome, "consensus");
    assert.equal(outcome.halt.agreement, 1);
    assert.equal(outcome.halt.gain, 0);
  });

  it("runs a split panel that keeps moving to maxRounds and never calls it consensus", async () => {
    const outcome = await deliberate(stack.panel.slice(3), "split", 3);
    assert.equal(outcome.halt.reason, "max-rounds");
    assert.equal(outcome.rounds.length, 3);
    assert.ok(outcome.halt.agreement < 1, `agreement ${outcome.halt.agreement}`);
    assert.ok(outcome.halt.gain > outcome.halt.cost, `gain ${outcome.halt.gain} against cost ${outcome.halt.cost}`);
    assert.ok(["tie", "no consensus", "majority"].includes(outcome.halt.outcome), outcome.halt.outcome);
    if (outcome.halt.outcome === "tie") assert.ok(outcome.halt.tied.length >= 2, "a tie names every tied position");
  });

  it("stops when the next round would overrun the token budget, and reports usage per agent and round", async () => {
    const probe = await deliberate(stack.panel.slice(0, 3), "budget", 1);
    const oneRound = probe.usage.total.tokens;
    assert.ok(oneRound > 0, "the simulated agents report usage");
    const budget = { tokens: Math.floor(oneRound * 2.5) };
    const outcome = await deliberate(stack.panel.slice(0, 3), "budget", 6, { effort: 1, budget, minRounds: 6 });
    assert.equal(outcome.halt.reason, "budget");
    assert.equal(outcome.halt.overrun, "tokens");
    assert.equal(outcome.rounds.length, 2);
    assert.ok(outcome.usage.total.tokens <= budget.tokens, `${outcome.usage.total.tokens} tokens spent of ${budget.tokens}`);
    assert.equal(outcome.usage.perRound.length, 2);
    const byAgent = Object.values(outcome.usage.perAgent).reduce((sum, s) => sum + s.tokens, 0);
    assert.equal(byAgent, outcome.usage.total.tokens);
  });

  it("answers a task delivered again, or asked again with a later deadline, with the same signed bytes, never a second answer (equivocation)", async () => {
    // The orchestrator resends a phase's task to agents it has not heard from after a NATS outage.
    for (const phase of ["propose", "evaluate"] as const) {
      const sent = wire.find((m) => m.subject.includes(".task.") && m.subject.endsWith(`.${phase}`))!;
      const [, session, , agent] = sent.subject.split(".");
      const round = phase === "propose" ? decodeMessage(proposeTask, sent.data).round : decodeMessage(evaluateTask, sent.data).round;
      const resultSubject = subjects.result(session!, round, agent!, phase);
      const first = wire.find((m) => m.subject === resultSubject);
      assert.ok(first, `${agent}'s first ${phase} answer was seen`);
      const again = stack.nc.subscribe(resultSubject, { max: 1 });
      stack.nc.publish(sent.subject, sent.data);
      for await (const msg of again) assert.deepEqual(msg.data, first.data, `${agent} answered its ${phase} task again with other bytes`);
      // The same phase asked again with a later deadline, as an orchestrator that resumed the
      // session asks it: still the first answer, or the two would be discarded as equivocation.
      const later = phase === "propose"
        ? encodeMessage(proposeTask, { ...decodeMessage(proposeTask, sent.data), deadline: Date.now() + 60_000 })
        : encodeMessage(evaluateTask, { ...decodeMessage(evaluateTask, sent.data), deadline: Date.now() + 60_000 });
      const reasked = stack.nc.subscribe(resultSubject, { max: 1 });
      stack.nc.publish(sent.subject, later);
      for await (const msg of reasked) assert.deepEqual(msg.data, first.data, `${agent} answered its ${phase} task, asked again later, with other bytes`);
    }
  });

  it("never shows an evaluator an author's name or its own proposal", () => {
    assert.ok(evaluateTasks.length > 0);
    const names = stack.panel.map((a) => a.name);
    for (const { agent, task } of evaluateTasks) {
      const wire = JSON.stringify(task.candidates);
      for (const name of names) assert.ok(!wire.includes(name), `${agent} saw the name ${name}`);
      assert.ok(task.candidates.every((c) => c.proposalHash !== task.ownProposal.proposalHash), `${agent} was offered its own proposal`);
      assert.deepEqual(task.candidates.map((c) => c.label), task.candidates.map((_, i) => `Candidate_${"ABCDEFGH"[i]}`));
    }
  });

  it("gives feedback from round 2 only, with the recipient's own score and masked peers", () => {
    const firstRounds = proposeTasks.filter(({ task }) => task.round === 1);
    const later = proposeTasks.filter(({ task }) => task.round > 1);
    assert.ok(firstRounds.every(({ task }) => task.feedback === undefined));
    assert.ok(later.length > 0 && later.every(({ task }) => task.feedback?.round === task.round - 1));
    for (const { agent, task } of later) {
      const wire = JSON.stringify(task.feedback);
      for (const name of stack.panel.map((a) => a.name)) assert.ok(!wire.includes(`"${name}"`), `${agent}'s feedback names ${name}`);
      assert.equal(task.feedback!.critiques.length, 2, "one critique from each other evaluator");
      assert.equal(task.feedback!.scoreMatrix.labels[0], "You");
    }
  });
});

describe("per-agent NATS users", () => {
  let stack: LocalStack;
  before(async () => {
    stack = await startLocalStack({ panel: PANEL.slice(0, 2) });
  });
  after(async () => {
    await stack?.stop();
  });

  it("let an agent publish only its own results, and read no one's results", { timeout: 10_000 }, async () => {
    const [mine, other] = stack.panel.map((a) => a.name) as [string, string];
    const agent = await connect({ servers: stack.nats.url, ...natsAuthOptions(stack.natsAuthFor(mine)) });
    const refusedPublish = `Permissions Violation for Publish to "nsed.99.result.1.${other}.propose"`;
    const refusedSubscribe = 'Permissions Violation for Subscription to "nsed.*.result.>"';
    // Resolves once the server has refused both; the test fails by timeout if it never does.
    const refused = (async () => {
      const errors: string[] = [];
      for await (const status of agent.status()) {
        if (status.type === "error") errors.push(String(status.error.message));
        if (errors.some((e) => e.includes(refusedPublish)) && errors.some((e) => e.includes(refusedSubscribe))) return errors;
      }
      return errors;
    })();
    const watched = stack.nc.subscribe(`nsed.99.result.1.*.propose`, { max: 1 });
    await stack.nc.flush();

    agent.subscribe("nsed.*.result.>");
    agent.publish(subjects.result("99", 1, other, "propose"), new TextEncoder().encode("forged"));
    // Published after the forgery on the same connection, so it arrives after it would have.
    agent.publish(subjects.result("99", 1, mine, "propose"), new TextEncoder().encode("own"));
    for await (const msg of watched) assert.equal(msg.subject, subjects.result("99", 1, mine, "propose"));
    const errors = await refused;
    assert.ok(errors.some((e) => e.includes(refusedPublish)), errors.join("\n"));
    await agent.close();
  });

  it("refuse a connection without credentials", async () => {
    await assert.rejects(connect({ servers: stack.nats.url, maxReconnectAttempts: 0 }), /Authorization Violation/);
  });
});

describe("partial rounds", () => {
  let stack: LocalStack;
  beforeEach(async () => {
    stack = await startLocalStack({ panel: PANEL.slice(0, 3) });
  });
  afterEach(async () => {
    await stack?.stop();
  });

  // A short absence grace: each round with an absent agent stays open to dispute for 2 s, which
  // the orchestrator waits out before the next round and before settling.
  /** A session on chain for `task` (a word problem unless given): agents check its hash before they answer. */
  async function session(maxRounds: number, task?: string) {
    const problem = generateWordProblem(seededRandom("partial"));
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter,
      taskHash: keccak256(stringToBytes(task ?? problem.text)), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, maxRounds, bounty: parseEther("1"), absenceGrace: 2,
    });
    return { sessionId, problem };
  }

  it("go on without an agent killed after it proposed: its proposal leaves, the others re-attest", async () => {
    const victim = stack.agents[2]!;
    const { sessionId, problem } = await session(2);
    const outcome = await runSession(
      {
        nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator,
        // Killed between its proposal and its evaluation of round 1.
        reporter: { phaseClosed: (round, phase) => void (round === 1 && phase === "propose" && victim.child.kill("SIGKILL")) },
      },
      { sessionId, task: problem.text, panel: stack.panel, minRounds: 2, maxRounds: 2, effort: 0.6, phaseTimeoutMs: 1_500, roundTerms: await readRoundTerms(stack.chain, { sessionId }) },
    );
    const [first, second] = outcome.rounds;
    assert.deepEqual(first!.present, [0, 1]);
    assert.deepEqual(first!.absent.map((a) => a.agent), [victim.name]);
    assert.match(first!.absent[0]!.reason, /^evaluate: no answer before the deadline$/);
    assert.equal(first!.proposals[2], undefined, "the victim's proposal left the round");
    assert.deepEqual(second!.present, [0, 1]);
    assert.match(second!.absent[0]!.reason, /^propose: /);

    const events = await getRoundRecordedLogs(stack.clients.publicClient, {
      address: stack.deployment.contracts.Sessions, sessionId, fromBlock: BigInt(stack.deployment.deployedAtBlock),
    });
    const onChain = events.map((e) => unpackRoundOutcome(e.outcome, 3));
    assert.deepEqual(onChain.map((o) => o.present), [3n, 3n], "agents 0 and 1 attested, agent 2 absent");
    onChain.forEach((o, i) => {
      assert.deepEqual(o.scores, outcome.rounds[i]!.scores);
      assert.equal(o.winnerIndex, outcome.rounds[i]!.winnerIndex);
    });
    assert.equal(outcome.halt.round, 2);
    assert.deepEqual(outcome.absent.map((a) => `${a.round} ${a.agent}`), [`1 ${victim.name}`, `2 ${victim.name}`]);
  });

  it("stop waiting for an agent frozen after it was asked once its heartbeats stop, well before the phase deadline", async () => {
    const victim = stack.agents[1]!;
    const { sessionId, problem } = await session(1);
    // Heartbeats come every 2 s: silent for 2.5 s means down. The tracker must have heard the
    // victim alive first (an agent never heard from is unknown, not down).
    let heard!: () => void;
    const heardVictim = new Promise<void>((resolve) => (heard = resolve));
    const liveness = trackLiveness(stack.nc, { staleAfterMs: 2_500, onHeartbeat: (beat) => void (beat.agent === victim.name && heard()) });
    await heardVictim;
    try {
      const outcome = await runSession(
        {
          nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, liveness,
          // Frozen (SIGSTOP) once the propose phase is open: asked, but it never answers or beats again.
          reporter: { phaseProgress: (round, phase) => void (round === 1 && phase === "propose" && victim.child.kill("SIGSTOP")) },
        },
        { sessionId, task: problem.text, panel: stack.panel, minRounds: 1, maxRounds: 1, effort: 0.6, phaseTimeoutMs: 60_000, roundTerms: await readRoundTerms(stack.chain, { sessionId }) },
      );
      const [first] = outcome.rounds;
      const absent = first!.absent.find((a) => a.agent === victim.name);
      assert.ok(absent, `${victim.name} should be absent from round 1: ${JSON.stringify(first!.absent)}`);
      assert.match(absent.reason, /down while awaited: no heartbeat for \d+\.\d s/);
    } finally {
      liveness.close();
      victim.child.kill("SIGCONT");
    }
  });

  it("take explicit skips as abstentions, and fail with their reasons when fewer than two are left", async () => {
    const sonnet = "Write a sonnet about the sea.";
    const { sessionId } = await session(2, sonnet);
    await assert.rejects(
      runSession(
        { nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator },
        { sessionId, task: sonnet, panel: stack.panel, minRounds: 1, maxRounds: 2, effort: 0.6, phaseTimeoutMs: 30_000, roundTerms: await readRoundTerms(stack.chain, { sessionId }) },
      ),
      (error: Error) => {
        assert.match(error.message, /TOO_FEW_AGENTS: round 1 propose: 0 of 3 agents left/);
        for (const agent of stack.panel) {
          assert.match(error.message, new RegExp(`${agent.name}: propose: skipped: AGENT_SKIPPED: this simulated solver only answers`));
        }
        return true;
      },
    );
  });

  it("fail the session, with the reasons, when fewer than two agents are left", async () => {
    const [, stopping, killed] = stack.agents;
    let heard!: () => void;
    let heardAlive!: () => void;
    const stoppingHeard = new Promise<void>((resolve) => (heard = resolve));
    const aliveHeard = new Promise<void>((resolve) => (heardAlive = resolve));
    const liveness = trackLiveness(stack.nc, {
      onHeartbeat: (b) => {
        if (b.agent === stopping!.name && b.status === "stopping") heard();
        if (b.agent === stack.agents[0]!.name) heardAlive();
      },
    });
    try {
      await stack.nc.flush(); // the tracker is subscribed before the agent says goodbye
      await stopping!.stop("SIGTERM");
      await stoppingHeard;
      assert.deepEqual(liveness.of(stopping!.name), { state: "down", reason: "it announced it is stopping" });
      killed!.child.kill("SIGKILL");
      const { sessionId, problem } = await session(2);
      await assert.rejects(
        runSession(
          { nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, liveness },
          { sessionId, task: problem.text, panel: stack.panel, minRounds: 1, maxRounds: 2, effort: 0.6, phaseTimeoutMs: 1_000, roundTerms: await readRoundTerms(stack.chain, { sessionId }) },
        ),
        (error: Error) => {
          assert.match(error.message, /TOO_FEW_AGENTS: round 1 propose: 1 of 3 agents left/);
          assert.match(error.message, new RegExp(`${stopping!.name}: down: it announced it is stopping`));
          assert.match(error.message, new RegExp(`${killed!.name}: propose: no answer before the deadline`));
          return true;
        },
      );
      // Silence counts too: an agent alive now is down once it has been silent for long.
      await aliveHeard;
      const alive = liveness.of(stack.agents[0]!.name);
      assert.equal(alive.state, "alive");
      assert.deepEqual(alive.state === "alive" && [alive.beat.modelId, alive.beat.capabilities], ["simulated-solver@skill=1", ["arithmetic-word-problems"]]);
      assert.match(JSON.stringify(liveness.of(stack.agents[0]!.name, Date.now() + 60_000)), /no heartbeat for 6\d\.\d s/);
    } finally {
      liveness.close();
    }
  });
});

describe("a forced finalise", () => {
  let stack: LocalStack;
  before(async () => {
    stack = await startLocalStack({ panel: PANEL.slice(3) });
  });
  after(async () => {
    await stack?.stop();
  });

  async function deliberateWithRequest(signer: "submitter" | "stranger", minRounds = 1) {
    const problem = generateWordProblem(seededRandom("forced"));
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter,
      taskHash: keccak256(stringToBytes(problem.text)), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, maxRounds: 3, bounty: parseEther("1"),
    });
    const account = signer === "submitter" ? stack.submitter.account : devnetAccount(7);
    const signature = await account.signMessage!({ message: finaliseMessage(sessionId.toString()) });
    const rejected: string[] = [];
    const outcome = await runSession(
      {
        nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator,
        reporter: {
          // Ask while round 1 runs; the loop checks between rounds.
          roundStarted: (round) => {
            if (round === 1) stack.nc.publish(subjects.control(sessionId.toString(), "finalise"), encodeMessage(finaliseRequest, { sessionId: sessionId.toString(), signature }));
          },
          controlRejected: (reason) => rejected.push(reason),
        },
      },
      {
        sessionId, task: problem.text, panel: stack.panel, minRounds, maxRounds: 3, effort: 0.6,
        phaseTimeoutMs: 30_000, roundTerms: await readRoundTerms(stack.chain, { sessionId }), submitter: stack.submitter.account.address,
      },
    );
    return { outcome, rejected };
  }

  it("stops after the current round when the submitter asks", async () => {
    const { outcome, rejected } = await deliberateWithRequest("submitter");
    assert.equal(outcome.halt.reason, "forced");
    assert.equal(outcome.rounds.length, 1);
    assert.deepEqual(rejected, []);
  });

  it("keeps to minRounds: a request during round 1 of a session of at least 2 stops after round 2", async () => {
    const { outcome, rejected } = await deliberateWithRequest("submitter", 2);
    assert.equal(outcome.rounds.length, 2);
    assert.ok(["forced", "unanimous", "confident"].includes(outcome.halt.reason), outcome.halt.reason);
    assert.deepEqual(rejected, []);
  });

  it("ignores, and reports, a request signed by anyone else", async () => {
    // minRounds 3: without the request's effect the session runs all three rounds.
    const { outcome, rejected } = await deliberateWithRequest("stranger", 3);
    assert.notEqual(outcome.halt.reason, "forced");
    assert.equal(outcome.rounds.length, 3);
    assert.deepEqual(rejected, ["finalise request not signed by the session's submitter"]);
  });
});
