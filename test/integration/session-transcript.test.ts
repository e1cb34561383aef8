// GET /api/sessions/:id on a real nats-server (snapshots stored in its KV bucket, as the
// orchestrator stores them), and the read-only viewer user the dApp connects with over WebSocket.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { wsconnect } from "@nats-io/nats-core";
import { keccak256, stringToHex, type Hex } from "viem";
import { startNatsServer, type LocalNatsServer, type NatsAuth } from "@concord/orchestrator/devnet/nats-server.ts";
import { ensureStreams } from "@concord/orchestrator/nats/streams.ts";
import { openSessionStore } from "@concord/orchestrator/state/session-store.ts";
import type { SessionSnapshot } from "@concord/orchestrator/state/snapshot.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { MAX_TRANSCRIPT_READS } from "@concord/orchestrator/web/api/session-transcript.ts";
import {
  encodeMessage, type EvaluateResult, type ProposeResult, sessionEvent, sessionTranscript, type SessionTranscript,
  subjects, viewerPermissions,
} from "@concord/agent-sdk/protocol";

const AGENTS = ["ada", "bram", "chloe"] as const;
const hash = (text: string): Hex => keccak256(stringToHex(text));

function proposal(session: string, round: number, agent: number): ProposeResult {
  return {
    sessionId: session, round, agent: AGENTS[agent]!, salt: hash(`salt ${agent}`),
    proposalHash: hash(`${session}/${round}/${agent}`), thoughtProcess: `reasoning of round ${round}`, solution: `answer ${agent}`,
  };
}

/** Evaluator e's result: endorsement 10·(p+1) for proposer p, under its own (reversed) labels. */
function evaluation(session: string, round: number, e: number, authorOf: [string, number][]): EvaluateResult {
  return {
    sessionId: session, round, agent: AGENTS[e]!, votes: "0x00", signature: "0x00",
    evaluations: authorOf.map(([label, p]) => ({ label, endorsement: 10 * (p + 1), justification: `${AGENTS[e]} on ${AGENTS[p]}`, stance: p === 0 ? "oppose" as const : "support" as const, claims: [], isFinalSolution: true })),
  };
}

/** The live session's secret draw seed (the masks' key): never in a transcript. */
const DRAW_SEED = `0x${"d7".repeat(32)}` as const;

/** Masks that differ per evaluator, so a label alone says nothing about its author. */
function masks(): [string, number][][] {
  return [
    [["Candidate_A", 2], ["Candidate_B", 1]],
    [["Candidate_A", 0], ["Candidate_B", 2]],
    [["Candidate_A", 1], ["Candidate_B", 0]],
  ];
}

function recordedRound(session: string, round: number) {
  const authorOf = masks();
  return {
    round,
    proposals: AGENTS.map((_, i) => proposal(session, round, i)),
    evaluations: AGENTS.map((_, e) => evaluation(session, round, e, authorOf[e]!)),
    present: [0, 1, 2], absent: [], authorOf,
    ballots: [[0, 3, 5], [4, 0, 6], [7, 8, 0]],
    scores: [11, 11, 11], winnerIndex: 1, durationMs: 5,
    onChain: { scores: ["11", "11", "11"], winnerIndex: 1, txHash: hash(`tx ${round}`), gasUsed: "1" },
    halting: { agreement: 1 / 3, confidence: 0.3, gain: 0.1 / round, cost: 0.02 },
  };
}

/** Round `round` tallied with bram absent and not yet on chain: open to dispute once recorded. */
function partialRound(session: string, round: number) {
  const authorOf: [string, number][][] = [[["Candidate_A", 2]], [], [["Candidate_A", 0]]];
  return {
    round,
    proposals: [proposal(session, round, 0), null, proposal(session, round, 2)],
    evaluations: [evaluation(session, round, 0, authorOf[0]!), null, evaluation(session, round, 2, authorOf[2]!)],
    present: [0, 2], absent: [{ agent: "bram", reason: "evaluate: no answer before the deadline" }], authorOf,
    ballots: [[0, 0, 5], [0, 0, 0], [7, 0, 0]],
    scores: [7, 0, 5], winnerIndex: 0, durationMs: 5,
    halting: { agreement: 0.5, confidence: 0.4, gain: 0.04, cost: 0.02 },
  };
}

describe("GET /api/sessions/:id", () => {
  let nats: LocalNatsServer;
  let viewer: NatsAuth;
  let nc: NatsConnection;
  let dapp: DappServer;
  let bare: DappServer;
  let tmp: string;
  let dappDeployment: Parameters<typeof startDappServer>[0]["deployment"];

  before(async () => {
    viewer = { user: "viewer", pass: "viewer-pass" };
    nats = await startNatsServer({ users: [{ ...viewer, permissions: viewerPermissions() }] });
    nc = await connect({ servers: nats.url, ...nats.admin });
    await ensureStreams(nc);
    const deployment = {
      chainId: 31337, rpcUrl: "http://127.0.0.1:1", deployedAtBlock: "1",
      contracts: { AgentRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3", Sessions: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" },
    } as const;
    const store = await openSessionStore(nc, deployment);
    const settled: SessionSnapshot = {
      version: 2, sessionId: "1", startedAt: 1, task: "What is 6 × 7?", agents: [...AGENTS],
      rounds: [recordedRound("1", 1), recordedRound("1", 2)],
      halting: { round: 2, agreement: 1 / 3, confidence: 0.3, gain: 0.05, cost: 0.02, stop: "max-rounds" },
      settledTxHash: hash("settle"),
    };
    // Round 2 of session 2 is being recorded: its proposals, masks and evaluations are in the
    // snapshot, so it can resume; none of that may reach the page yet except the proposals.
    const running: SessionSnapshot = {
      version: 2, sessionId: "2", startedAt: 1, drawSeed: DRAW_SEED, task: "live", agents: [...AGENTS],
      rounds: [recordedRound("2", 1)],
      halting: { round: 1, agreement: 1 / 3, confidence: 0.3, gain: 0.1, cost: 0.02 },
      current: {
        round: 2,
        proposals: [proposal("2", 2, 0), null, proposal("2", 2, 2)],
        absent: [{ agent: "bram", reason: "propose: no answer before the deadline" }],
        evaluated: {
          authorOf: [[["Candidate_A", 2]], [], [["Candidate_A", 0]]],
          evaluations: [{ result: evaluation("2", 2, 0, [["Candidate_A", 2]]), votes: [100] }, null, { result: evaluation("2", 2, 2, [["Candidate_A", 0]]), votes: [100] }],
          members: [0, 2],
        },
      },
    };
    // Session 3 deliberates with its texts repeated from round to round (as agents often keep
    // theirs): round 1 is on chain, round 2 is tallied with bram absent, its record not sent yet.
    const deliberating: SessionSnapshot = {
      version: 2, sessionId: "3", startedAt: 1, task: "repeat", agents: [...AGENTS],
      rounds: [recordedRound("3", 1), partialRound("3", 2)],
      halting: { round: 2, agreement: 0.5, confidence: 0.4, gain: 0.04, cost: 0.02 },
    };
    // Session 4: the same rounds, but deliberation stopped (halted, not settled yet).
    const halted: SessionSnapshot = {
      ...deliberating, sessionId: "4", rounds: [recordedRound("4", 1), partialRound("4", 2)],
      halting: { ...deliberating.halting, stop: "confident" },
    };
    await store.save(settled);
    await store.save(running);
    await store.save(deliberating);
    await store.save(halted);
    await nc.publish(subjects.event("1", "halted"), encodeMessage(sessionEvent, {
      type: "halted", sessionId: "1", round: 2, reason: "max-rounds", agreement: 1 / 3, confidence: 0.3, gain: 0.05, cost: 0.02, outcome: "tie", tied: ["answer 0", "answer 1", "answer 2"],
    }));
    await nc.flush();
    tmp = await mkdtemp(path.join(os.tmpdir(), "concord-transcript-"));
    await writeFile(path.join(tmp, "index.html"), "<!doctype html><title>Concord</title>");
    dappDeployment = deployment;
    dapp = await startDappServer({ distDir: tmp, deployment, nc });
    bare = await startDappServer({ distDir: tmp, deployment });
  });

  after(async () => {
    await dapp?.close();
    await bare?.close();
    await nc?.close();
    await nats?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  async function get(id: string, server = dapp): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${server.url}/api/sessions/${id}`);
    return { status: res.status, body: await res.json() };
  }

  it("returns a settled session's rounds with authors, ballots and endorsements mapped back through each mask", async () => {
    const { status, body } = await get("1");
    assert.equal(status, 200);
    const t: SessionTranscript = sessionTranscript.parse(body);
    assert.equal(t.status, "settled");
    assert.equal(t.task, "What is 6 × 7?");
    assert.deepEqual(t.agents, [...AGENTS]);
    assert.equal(t.rounds.length, 2);
    const [r1] = t.rounds;
    assert.deepEqual(r1!.proposals.map((p) => p?.agent), [...AGENTS]);
    assert.deepEqual(r1!.votes, [[null, 3, 5], [4, null, 6], [7, 8, null]]);
    // Endorsement 10·(author+1) whatever label the evaluator saw it under.
    assert.deepEqual(r1!.endorsements, [[null, 20, 30], [10, null, 30], [10, 20, null]]);
    // Each evaluator's stance and justification, under the same mapping.
    const said = (e: number, p: number) => ({ stance: p === 0 ? "oppose" : "support", justification: `${AGENTS[e]} on ${AGENTS[p]}` });
    assert.deepEqual(r1!.assessments, [[null, said(0, 1), said(0, 2)], [said(1, 0), null, said(1, 2)], [said(2, 0), said(2, 1), null]]);
    assert.deepEqual(r1!.halting, { agreement: 1 / 3, confidence: 0.3, gain: 0.1, cost: 0.02 });
    assert.deepEqual(t.final, { agentIndex: 1, agent: "bram", answer: "answer 1", score: 11, proposalHash: hash("1/2/1") });
    assert.deepEqual(t.halt, { round: 2, reason: "max-rounds", outcome: "tie", tied: ["answer 0", "answer 1", "answer 2"] });
    assert.equal(t.current, undefined);
  });

  it("shows a round in progress by its proposals only: content order, no author, no hash, no ballot", async () => {
    const { status, body } = await get("2");
    assert.equal(status, 200);
    const t = sessionTranscript.parse(body);
    assert.equal(t.status, "running");
    assert.equal(t.final, undefined);
    const current = t.current!;
    assert.equal(current.round, 2);
    assert.equal(current.stage, "recording");
    assert.deepEqual(current.proposals.map((p) => p.solution), ["answer 0", "answer 2"]);
    assert.deepEqual(Object.keys(current.proposals[0]!).sort(), ["reasoning", "solution"]);
    // Nothing in the raw answer links round 2's content to an agent, a hash or a vote.
    const raw = JSON.stringify((body as { current: { proposals: unknown } }).current.proposals);
    assert.doesNotMatch(raw, /ada|chloe|Candidate_|votes|endorse|agent/);
    assert.doesNotMatch(raw, new RegExp(hash("salt 0").slice(2)));
    assert.doesNotMatch(JSON.stringify(body), new RegExp(`${hash("2/2/0").slice(2)}|${hash("2/2/2").slice(2)}`));
    // Nor anything that would let anyone redraw the masks.
    assert.doesNotMatch(JSON.stringify(body), new RegExp(DRAW_SEED.slice(2)));
    assert.equal(current.proposals[0]!.reasoning, "reasoning of round 2");
    assert.deepEqual(current.absent, [{ agent: "bram", reason: "propose: no answer before the deadline" }]);
  });

  describe("while the session deliberates", () => {
    it("seals every tallied round, on chain or not: no author, no ballot, no winner", async () => {
      const { status, body } = await get("3");
      assert.equal(status, 200);
      const t = sessionTranscript.parse(body);
      assert.equal(t.status, "running");
      assert.deepEqual(t.rounds, []);
      assert.equal(t.final, undefined);
      assert.equal(t.halt, undefined);
      assert.deepEqual(t.sealed!.map((r) => [r.round, r.stage]), [[1, "tallied"], [2, "tallied"]]);
      for (const r of t.sealed!) {
        assert.deepEqual(Object.keys(r).sort(), ["absent", "halting", "present", "proposalHashes", "proposals", "round", "stage", ...(r.round === 1 ? ["scores", "txHash"] : [])].sort());
        for (const p of r.proposals) assert.deepEqual(Object.keys(p).sort(), ["reasoning", "solution"]);
      }
      const raw = JSON.stringify((body as { sealed: unknown }).sealed);
      assert.doesNotMatch(raw, /Candidate_|votes|endorse|assessment|justification|winner| on (ada|bram|chloe)/);
      assert.doesNotMatch(JSON.stringify((body as { sealed: { proposals: unknown }[] }).sealed.map((r) => r.proposals)), /ada|bram|chloe|agent/);
    });

    it("lists a sealed round's texts in content order and its hashes apart, ascending, each once", async () => {
      const { body } = await get("3");
      const t = sessionTranscript.parse(body);
      const [r1, r2] = t.sealed!;
      assert.deepEqual(r1!.proposals.map((p) => p.solution), ["answer 0", "answer 1", "answer 2"]);
      assert.deepEqual(r2!.proposals.map((p) => p.solution), ["answer 0", "answer 2"]);
      const ascending = (hashes: Hex[]) => [...hashes].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      assert.deepEqual(r1!.proposalHashes, ascending([0, 1, 2].map((i) => hash(`3/1/${i}`))));
      assert.deepEqual(r2!.proposalHashes, ascending([0, 2].map((i) => hash(`3/2/${i}`))));
      // Each hash only in that list: nothing pairs a hash (which the chain pairs with an agent) with a text.
      const raw = JSON.stringify(body);
      for (const h of [...r1!.proposalHashes, ...r2!.proposalHashes]) assert.equal(raw.split(h.slice(2)).length - 1, 1, h);
    });

    it("shows scores and the transaction of an on-chain round only, and presence and halting numbers of each", async () => {
      const t = sessionTranscript.parse((await get("3")).body);
      const [r1, r2] = t.sealed!;
      assert.deepEqual([r1!.scores, r1!.txHash], [[11, 11, 11], hash("tx 1")]);
      assert.deepEqual([r2!.scores, r2!.txHash], [undefined, undefined]);
      assert.deepEqual([r2!.present, r2!.absent], [[0, 2], [{ agent: "bram", reason: "evaluate: no answer before the deadline" }]]);
      assert.deepEqual(r2!.halting, { agreement: 0.5, confidence: 0.4, gain: 0.04, cost: 0.02 });
    });
  });

  it("shows every round in full once deliberation stopped, before settlement", async () => {
    const t = sessionTranscript.parse((await get("4")).body);
    assert.equal(t.status, "halted");
    assert.deepEqual(t.sealed, []);
    assert.deepEqual(t.rounds.map((r) => r.round), [1, 2]);
    const [r1, r2] = t.rounds;
    assert.deepEqual(r1!.proposals.map((p) => p?.agent), [...AGENTS]);
    assert.equal(r1!.winnerIndex, 1);
    assert.equal(r1!.txHash, hash("tx 1"));
    assert.deepEqual(r2!.proposals.map((p) => p?.agent ?? null), ["ada", null, "chloe"]);
    assert.deepEqual(r2!.votes, [[null, null, 5], [null, null, null], [7, null, null]]);
    assert.deepEqual(r2!.endorsements, [[null, null, 30], [null, null, null], [10, null, null]]);
    assert.equal(r2!.winnerIndex, 0);
    assert.deepEqual(t.final, { agentIndex: 0, agent: "ada", answer: "answer 0", score: 7, proposalHash: hash("4/2/0") });
  });

  it("answers 404 for an unknown session, 400 for a malformed id, 503 without NATS", async () => {
    const missing = await get("99");
    assert.equal(missing.status, 404);
    assert.equal((missing.body as { error: { code: string } }).error.code, "NOT_FOUND");
    const malformed = await get("01x");
    assert.equal(malformed.status, 400);
    assert.equal((malformed.body as { error: { code: string } }).error.code, "INVALID_MESSAGE");
    const offline = await get("1", bare);
    assert.equal(offline.status, 503);
    assert.equal((offline.body as { error: { code: string } }).error.code, "NATS_UNREACHABLE");
  });

  it("reads at most MAX_TRANSCRIPT_READS transcripts at once: past it 503 SERVER_BUSY, and the slots come back", async () => {
    // A connection whose requests (the JetStream reads) wait until let go.
    const held: (() => void)[] = [];
    let holding = true;
    let full!: () => void;
    const allHeld = new Promise<void>((resolve) => (full = resolve));
    const slow = new Proxy(nc, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (key !== "request" || typeof value !== "function") return typeof value === "function" ? value.bind(target) : value;
        return (...args: unknown[]) => {
          if (!holding) return (value as (...a: unknown[]) => unknown).apply(target, args);
          return new Promise((resolve, reject) => {
            held.push(() => Promise.resolve((value as (...a: unknown[]) => unknown).apply(target, args)).then(resolve, reject));
            if (held.length === MAX_TRANSCRIPT_READS) full();
          });
        };
      },
    });
    const busy = await startDappServer({ distDir: tmp, deployment: dappDeployment, nc: slow });
    try {
      const reads = Array.from({ length: MAX_TRANSCRIPT_READS }, () => get("1", busy));
      await allHeld;
      const refused = await get("1", busy);
      assert.equal(refused.status, 503);
      assert.equal((refused.body as { error: { code: string } }).error.code, "SERVER_BUSY");
      holding = false;
      held.splice(0).forEach((go) => go());
      for (const read of await Promise.all(reads)) assert.equal(read.status, 200);
      assert.equal((await get("1", busy)).status, 200, "the slots came back");
    } finally {
      await busy.close();
    }
  });

  describe("the viewer user over WebSocket", () => {
    it("receives session events", { timeout: 10_000 }, async () => {
      const ws = await wsconnect({ servers: nats.websocketUrl, ...viewer });
      try {
        const sub = ws.subscribe(subjects.sessionEvents("7"), { max: 1 });
        await ws.flush();
        const event = encodeMessage(sessionEvent, { type: "round-started", sessionId: "7", round: 1 });
        nc.publish(subjects.event("7", "round-started"), event);
        for await (const msg of sub) assert.deepEqual(JSON.parse(msg.string()), { type: "round-started", sessionId: "7", round: 1 });
      } finally {
        await ws.close();
      }
    });

    it("can neither publish nor read results or tasks", { timeout: 10_000 }, async () => {
      const ws = await wsconnect({ servers: nats.websocketUrl, ...viewer });
      const expected = [
        'Permissions Violation for Publish to "nsed.7.event.round-started"',
        'Permissions Violation for Publish to "nsed.7.result.1.ada.propose"',
        'Permissions Violation for Subscription to "nsed.*.result.>"',
        'Permissions Violation for Subscription to "nsed.*.task.>"',
      ];
      // Resolves once the server has refused all four; the test fails by timeout if it never does.
      const refused = (async () => {
        const errors: string[] = [];
        for await (const status of ws.status()) {
          if (status.type === "error") errors.push(String(status.error.message));
          if (expected.every((e) => errors.some((x) => x.includes(e)))) return errors;
        }
        return errors;
      })();
      // Whatever the viewer sends must not reach anyone.
      const marker = subjects.event("7", "phase-closed");
      const watched = nc.subscribe("nsed.7.>");
      const received = (async () => {
        const subjectsSeen: string[] = [];
        for await (const msg of watched) {
          subjectsSeen.push(msg.subject);
          if (msg.subject === marker) break;
        }
        return subjectsSeen;
      })();
      await nc.flush();
      ws.subscribe("nsed.*.result.>");
      ws.subscribe("nsed.*.task.>");
      ws.publish(subjects.event("7", "round-started"), "forged");
      ws.publish(subjects.result("7", 1, "ada", "propose"), "forged");
      const errors = await refused;
      assert.ok(expected.every((e) => errors.some((x) => x.includes(e))), errors.join("\n"));
      // A message the admin publishes after the forgeries arrives; the forgeries never did.
      nc.publish(marker, "marker");
      assert.deepEqual(await received, [marker]);
      await ws.close();
    });
  });
});
