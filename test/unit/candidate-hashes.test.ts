// The Agent SDK checks each masked candidate's text against its proposal hash before evaluating,
// and signs its ballot over the round's list of proposal hashes.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { buildEvaluateResult, buildProposeResult, checkCandidateHashes } from "@concord/agent-sdk/agent";
import { ConcordError, type EvaluateTask, recoverBallotSigner, roundProposalsHash } from "@concord/agent-sdk/protocol";

const contract = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const propose = { sessionId: "9", round: 2, task: "What is 6 × 7?", deadline: Date.now() + 60_000 };
const [own, b, c] = ["42", "41", "13"].map((solution, i) => buildProposeResult(`agent${i}`, propose, { thoughtProcess: `try ${i}`, solution }));
const masked = (p: typeof b, label: string) => ({
  label, thoughtProcess: p!.thoughtProcess, solution: p!.solution, salt: p!.salt, proposalHash: p!.proposalHash,
});
const task: EvaluateTask = {
  ...propose,
  ownProposal: { thoughtProcess: own!.thoughtProcess, solution: own!.solution, salt: own!.salt, proposalHash: own!.proposalHash },
  candidates: [masked(c, "Candidate_A"), masked(b, "Candidate_B")],
  voteCredits: 10_000,
};
const refused = (pattern: RegExp) => (e: unknown) => e instanceof ConcordError && e.code === "INVALID_PROPOSAL_HASH" && pattern.test(e.message);

describe("Agent SDK", () => {
  describe("checkCandidateHashes", () => {
    it("accepts candidates whose text and salt hash to their proposal hash", () => {
      checkCandidateHashes(task);
    });
    it("refuses a candidate whose text was changed after hashing, naming it", () => {
      const tampered = { ...task, candidates: [task.candidates[0]!, { ...task.candidates[1]!, solution: "42" }] };
      assert.throws(() => checkCandidateHashes(tampered), refused(/Candidate_B's text does not match its proposal hash/));
    });
    it("refuses a candidate shown with another proposal's hash or a wrong salt", () => {
      const swapped = { ...task, candidates: [{ ...task.candidates[0]!, proposalHash: b!.proposalHash }, task.candidates[1]!] };
      assert.throws(() => checkCandidateHashes(swapped), refused(/Candidate_A/));
      const salted = { ...task, candidates: [{ ...task.candidates[0]!, salt: b!.salt }, task.candidates[1]!] };
      assert.throws(() => checkCandidateHashes(salted), refused(/Candidate_A/));
    });
    it("refuses a task whose own proposal is not the agent's text", () => {
      assert.throws(() => checkCandidateHashes({ ...task, ownProposal: { ...task.ownProposal, solution: "43" } }), refused(/own proposal/));
    });
  });

  describe("buildEvaluateResult", () => {
    it("signs the ballot over the round's proposal hashes, so it verifies only with that list", async () => {
      const account = privateKeyToAccount(generatePrivateKey());
      const assessments = task.candidates.map((x) => ({ label: x.label, endorsement: 50, justification: "ok", stance: "support" as const, isFinalSolution: false }));
      const result = await buildEvaluateResult("agent0", account, contract, task, { assessments });
      const message = { sessionId: 9n, round: 2, proposalHash: own!.proposalHash, votes: result.votes };
      const list = [own!.proposalHash, b!.proposalHash, c!.proposalHash];
      assert.equal(await recoverBallotSigner(contract, { ...message, proposalsHash: roundProposalsHash(list) }, result.signature as `0x${string}`), account.address);
      const other = buildProposeResult("agent3", propose, { thoughtProcess: "x", solution: "7" }).proposalHash;
      const moved = roundProposalsHash([own!.proposalHash, b!.proposalHash, other]);
      assert.notEqual(await recoverBallotSigner(contract, { ...message, proposalsHash: moved }, result.signature as `0x${string}`), account.address);
    });
  });
});
