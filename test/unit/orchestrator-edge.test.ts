// The orchestrator's checks at the edge: masking, proposal hashes, ballots and signatures.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { buildEvaluateResult, buildProposeResult } from "@concord/agent-sdk/agent";
import {
  ConcordError, encodeMessage, evaluateResult, type EvaluateTask, MAX_VOTE_CREDITS, proposeResult, type ProposeResult,
  unpackBallot, voteCost,
} from "@concord/agent-sdk/protocol";
import { keyedDraws, newDrawSeed } from "@concord/orchestrator/rounds/draws.ts";
import { maskFor } from "@concord/orchestrator/rounds/masking.ts";
import { RoundMembers } from "@concord/orchestrator/rounds/round-members.ts";
import { acceptEvaluation, acceptProposal } from "@concord/orchestrator/rounds/verify-results.ts";

const contract = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const keys = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
const panel = keys.map((key, i) => ({ name: `agent${i}`, agentId: BigInt(i + 1), signer: privateKeyToAccount(key).address }));
const task = { sessionId: "4", round: 1, task: "Ada has 5 apples. How many apples does Ada have now?", deadline: Date.now() + 60_000 };
const proposals: ProposeResult[] = panel.map((a, i) =>
  buildProposeResult(a.name, task, { thoughtProcess: `step ${i}`, solution: String(5 + (i % 2)) }),
);
const roundHashes = proposals.map((p) => p.proposalHash);
const members = RoundMembers.ofProposals(panel, proposals);
const draws = keyedDraws(newDrawSeed());
/** Evaluator `e`'s mask in round `round` of this test's session. */
const maskOf = (e: number, round = 1) => maskFor(e, proposals, draws.shuffleFor("mask", round, e));
const isCode = (code: string) => (e: unknown) => e instanceof ConcordError && e.code === code;

function evaluateTaskFor(
  evaluator: number, view = maskOf(evaluator), voteCredits = MAX_VOTE_CREDITS,
): { task: EvaluateTask; view: typeof view } {
  const own = proposals[evaluator]!;
  return {
    view,
    task: {
      ...task,
      ownProposal: { thoughtProcess: own.thoughtProcess, solution: own.solution, salt: own.salt, proposalHash: own.proposalHash },
      candidates: view.candidates,
      voteCredits,
    },
  };
}

function assessAll(t: EvaluateTask, endorsement = 60) {
  return t.candidates.map((c) => ({ label: c.label, endorsement, justification: "checked", stance: "support" as const, isFinalSolution: false }));
}
const answer = (assessments: ReturnType<typeof assessAll>) => ({ assessments });

describe("masking", () => {
  it("never shows an evaluator its own proposal, and labels map back to the right authors", () => {
    for (let evaluator = 0; evaluator < 3; evaluator++) {
      const { candidates, authorOf } = maskOf(evaluator);
      assert.equal(candidates.length, 2);
      for (const c of candidates) {
        const author = authorOf.get(c.label)!;
        assert.notEqual(author, evaluator);
        assert.equal(c.proposalHash, proposals[author]!.proposalHash);
        assert.equal(c.salt, proposals[author]!.salt, "the salt, so the evaluator can check text against hash");
        assert.deepEqual(Object.keys(c).sort(), ["label", "proposalHash", "salt", "solution", "thoughtProcess"], "no author id leaks");
      }
    }
  });
  it("draws an order per round: over many rounds both orders appear", () => {
    const firsts = new Set(Array.from({ length: 64 }, (_, r) => maskOf(0, r + 1).authorOf.get("Candidate_A")));
    assert.deepEqual([...firsts].sort(), [1, 2]);
  });
});

describe("acceptProposal", () => {
  const want = { sessionId: "4", round: 1, agent: "agent0" };
  it("accepts a proposal whose hash matches its content", () => {
    assert.equal(acceptProposal(want, encodeMessage(proposeResult, proposals[0]!)).proposalHash, proposals[0]!.proposalHash);
  });
  it("rejects a proposal whose content was changed after hashing", () => {
    const tampered = encodeMessage(proposeResult, { ...proposals[0]!, solution: "999" });
    assert.throws(() => acceptProposal(want, tampered), isCode("INVALID_PROPOSAL_HASH"));
  });
  it("rejects malformed JSON and schema failures with the reason", () => {
    assert.throws(() => acceptProposal(want, new TextEncoder().encode("{not json")), isCode("INVALID_MESSAGE"));
    assert.throws(() => acceptProposal(want, new TextEncoder().encode(JSON.stringify({ ...proposals[0]!, salt: "0x12" }))), /salt/);
  });
  it("rejects an answer published under another agent's name", () => {
    assert.throws(() => acceptProposal({ ...want, agent: "agent1" }, encodeMessage(proposeResult, proposals[0]!)), isCode("INVALID_MESSAGE"));
  });
});

describe("acceptEvaluation", () => {
  const want = { sessionId: "4", round: 1, agent: "agent0" };
  it("accepts a genuine ballot and returns the votes in panel order", async () => {
    const { task: t, view } = evaluateTaskFor(0);
    const result = await buildEvaluateResult("agent0", privateKeyToAccount(keys[0]!), contract, t, answer(assessAll(t)));
    const accepted = await acceptEvaluation(want, panel[0]!, contract, t.voteCredits, view.authorOf, members, roundHashes[0]!, encodeMessage(evaluateResult, result));
    assert.deepEqual(accepted.votes, [0, 70, 70]);
  });
  describe("under the session's vote credits", () => {
    const ballotFor = async (voteCredits: number, endorsements: readonly number[]) => {
      const { task: t, view } = evaluateTaskFor(0, maskOf(0), voteCredits);
      const assessments = assessAll(t).map((a, i) => ({ ...a, endorsement: endorsements[i]! }));
      const result = await buildEvaluateResult("agent0", privateKeyToAccount(keys[0]!), contract, t, answer(assessments));
      return { t, view, result, votes: unpackBallot(members.hashes, result.votes) };
    };
    it("keeps a 10 000-credit ballot as before: [60, 60] → [70, 70], [80, -40] → [81, -57]", async () => {
      const even = await ballotFor(10_000, [60, 60]);
      assert.deepEqual(even.votes.filter((v) => v !== 0), [70, 70]);
      const split = await ballotFor(10_000, [80, -40]);
      assert.deepEqual([...split.votes].sort((x, y) => x - y), [-57, 0, 81]);
      const accepted = await acceptEvaluation(want, panel[0]!, contract, 10_000, split.view.authorOf, members, roundHashes[0]!, encodeMessage(evaluateResult, split.result));
      assert.deepEqual(accepted.votes, split.votes);
    });
    it("spends at most 100 credits in a 100-credit session, and the check accepts the ballot", async () => {
      for (const endorsements of [[60, 60], [100, 0], [80, -40], [100, -100], [1, 100]]) {
        const { t, view, result, votes } = await ballotFor(100, endorsements);
        assert.ok(voteCost(votes) <= 100n, `${endorsements} → ${votes}`);
        const accepted = await acceptEvaluation(want, panel[0]!, contract, t.voteCredits, view.authorOf, members, roundHashes[0]!, encodeMessage(evaluateResult, result));
        assert.deepEqual(accepted.votes, votes);
      }
      assert.deepEqual((await ballotFor(100, [60, 60])).votes.filter((v) => v !== 0), [7, 7]);
    });
    it("gives a 1-credit session's ballot a single vote of ±1 at most", async () => {
      const { votes } = await ballotFor(1, [100, 0]);
      assert.deepEqual(votes.filter((v) => v !== 0), [1]);
      assert.ok(voteCost((await ballotFor(1, [60, 60])).votes) <= 1n);
    });
    it("refuses a ballot sized for other credits than the session's", async () => {
      const { view, result } = await ballotFor(10_000, [60, 60]);
      await assert.rejects(
        acceptEvaluation(want, panel[0]!, contract, 100, view.authorOf, members, roundHashes[0]!, encodeMessage(evaluateResult, result)),
        isCode("INVALID_MESSAGE"),
      );
    });
  });
  describe("between two agents of one operator (agent0 and agent1 here)", () => {
    const teammate = (author: number) => author === 1;
    const markedTask = () => {
      const { task: t, view } = evaluateTaskFor(0);
      const candidates = t.candidates.map((c) => (view.authorOf.get(c.label) === 1 ? { ...c, sameOperator: true as const } : c));
      return { task: { ...t, candidates }, view };
    };
    it("the SDK gives the teammate's proposal 0 and the other all the credits, and the check accepts that ballot", async () => {
      const { task: t, view } = markedTask();
      const result = await buildEvaluateResult("agent0", privateKeyToAccount(keys[0]!), contract, t, answer(assessAll(t)));
      const votes = unpackBallot(members.hashes, result.votes);
      // [0, 0, 100]: all 10 000 credits on agent2's proposal, none spent on the teammate's.
      assert.deepEqual(votes, [0, 0, 100]);
      assert.equal(result.evaluations.length, 2, "the teammate's endorsement is still sent");
      const accepted = await acceptEvaluation(want, panel[0]!, contract, t.voteCredits, view.authorOf, members, roundHashes[0]!, encodeMessage(evaluateResult, result), teammate);
      assert.deepEqual(accepted.votes, [0, 0, 100]);
    });
    it("refuses a ballot that votes for the teammate (the chain would revert the whole round: SameOperatorVote)", async () => {
      const { task: t, view } = evaluateTaskFor(0); // unmarked: the ballot votes 70 for agent1
      const result = await buildEvaluateResult("agent0", privateKeyToAccount(keys[0]!), contract, t, answer(assessAll(t)));
      assert.deepEqual(unpackBallot(members.hashes, result.votes), [0, 70, 70]);
      await assert.rejects(
        acceptEvaluation(want, panel[0]!, contract, t.voteCredits, view.authorOf, members, roundHashes[0]!, encodeMessage(evaluateResult, result), teammate),
        isCode("INVALID_MESSAGE"),
      );
    });
  });
  it("rejects a ballot signed by a key that is not the agent's", async () => {
    const { task: t, view } = evaluateTaskFor(0);
    const forged = await buildEvaluateResult("agent0", privateKeyToAccount(generatePrivateKey()), contract, t, answer(assessAll(t)));
    await assert.rejects(
      acceptEvaluation(want, panel[0]!, contract, t.voteCredits, view.authorOf, members, roundHashes[0]!, encodeMessage(evaluateResult, forged)),
      isCode("INVALID_SIGNATURE"),
    );
  });
  it("rejects a ballot that does not follow from its endorsements", async () => {
    const { task: t, view } = evaluateTaskFor(0);
    const result = await buildEvaluateResult("agent0", privateKeyToAccount(keys[0]!), contract, t, answer(assessAll(t)));
    const inflated = { ...result, evaluations: result.evaluations.map((e, i) => ({ ...e, endorsement: i === 0 ? 100 : 1 })) };
    await assert.rejects(
      acceptEvaluation(want, panel[0]!, contract, t.voteCredits, view.authorOf, members, roundHashes[0]!, encodeMessage(evaluateResult, inflated)),
      isCode("INVALID_MESSAGE"),
    );
  });
  it("rejects a ballot signed over another list of proposals (a replaced proposal in the same position)", async () => {
    const { task: t, view } = evaluateTaskFor(0);
    const result = await buildEvaluateResult("agent0", privateKeyToAccount(keys[0]!), contract, t, answer(assessAll(t)));
    // Agent 2's proposal C replaced by D, sorted where C was, so the same vote bytes fit the new list.
    const position = (hashes: readonly string[], i: number) => [...hashes].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)).indexOf(hashes[i]!);
    let replaced: ProposeResult;
    let attempt = 0;
    do {
      replaced = buildProposeResult("agent2", task, { thoughtProcess: `other ${attempt++}`, solution: "7" });
    } while (position([roundHashes[0]!, roundHashes[1]!, replaced.proposalHash], 2) !== position(roundHashes, 2));
    const moved = RoundMembers.ofProposals(panel, [proposals[0], proposals[1], replaced]);
    await assert.rejects(
      acceptEvaluation(want, panel[0]!, contract, t.voteCredits, view.authorOf, moved, roundHashes[0]!, encodeMessage(evaluateResult, result)),
      isCode("INVALID_SIGNATURE"),
    );
  });
  it("drops labels the evaluator was not offered (the SDK never signs them)", async () => {
    const { task: t, view } = evaluateTaskFor(0);
    const extra = [...assessAll(t), { label: "Candidate_Z", endorsement: 100, justification: "x", stance: "support" as const, isFinalSolution: true }];
    const result = await buildEvaluateResult("agent0", privateKeyToAccount(keys[0]!), contract, t, answer(extra));
    assert.ok(result.evaluations.every((e) => e.label !== "Candidate_Z"));
    const accepted = await acceptEvaluation(want, panel[0]!, contract, t.voteCredits, view.authorOf, members, roundHashes[0]!, encodeMessage(evaluateResult, result));
    assert.equal(accepted.votes[0], 0, "no self-vote");
  });
});
