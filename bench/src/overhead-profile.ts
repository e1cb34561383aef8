// The pieces a round is made of, each timed alone (performance.now(), median of single calls
// after a warm-up), with the N = 5 message shapes. Used by bench:overhead to say where the
// protocol's time goes.
import { bytesToHex, keccak256, recoverMessageAddress, stringToBytes, type Hex } from "viem";
import { randomBytes } from "node:crypto";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { fastAccount, keccakBytes, secp256k1Backend } from "@concord/agent-sdk/secp256k1";
import {
  decodeMessage, encodeMessage, encodeTrusted, evaluateResult, evaluateTask, MAX_VOTE_CREDITS, proposalHash, proposeResult, proposeTask,
  recoverBallotSigner, signBallot, signPayload,
} from "@concord/agent-sdk/protocol";
import { buildEvaluateResult, buildProposeResult, checkCandidateHashes, signedHeaders } from "@concord/agent-sdk/agent";
import { verifyBallot, verifySignedPayload } from "@concord/orchestrator/crypto/known-signers.ts";

export interface Piece {
  label: string;
  /** Median milliseconds per call. */
  each: number;
}

export async function timeIt(label: string, reps: number, fn: () => unknown | Promise<unknown>): Promise<Piece> {
  for (let i = 0; i < 20; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { label, each: times[Math.floor(times.length / 2)]! };
}

export async function profileRoundPieces(task: string, solution: { thoughtProcess: string; solution: string }) {
  const key = generatePrivateKey();
  // The agents' account (libsecp256k1, native or WASM) and viem's own for the same key, for comparison.
  const account = fastAccount(key);
  const lib = secp256k1Backend.name;
  const viemAccount = privateKeyToAccount(key);
  const contract = { chainId: 31337, address: "0x5fbdb2315678afecb367f0931512aa3000000000" as Hex };
  const payload = new Uint8Array(931).fill(7); // an N = 5 evaluate result
  const payloadSig = await signPayload(account, payload);
  const proposalHash = keccak256(stringToBytes("p"));
  const ballot = { sessionId: 1n, round: 1, proposalHash, proposalsHash: keccak256(proposalHash), votes: "0x0506070809" as Hex };
  const ballotSig = await signBallot(account, contract, ballot);
  const sampleTask = {
    sessionId: "1", round: 1, task: "t", deadline: Date.now() + 30_000,
    ownProposal: { ...solution, salt: ballot.proposalHash, proposalHash: ballot.proposalHash },
    // Each candidate its own hash, as a task must have them.
    candidates: ["A", "B", "C", "D"].map((l) => ({ ...solution, label: `Candidate_${l}`, salt: ballot.proposalHash, proposalHash: keccak256(stringToBytes(l)) })),
    voteCredits: MAX_VOTE_CREDITS,
  };
  const sampleResult = {
    sessionId: "1", round: 1, agent: "bench", votes: ballot.votes, signature: ballotSig,
    evaluations: sampleTask.candidates.map((c) => ({ label: c.label, endorsement: 60, justification: "checked", stance: "support" as const, isFinalSolution: true })),
  };
  return {
    signPayload: await timeIt(`secp256k1 sign, payload header (agent: signPayload, keccak + EIP-191, libsecp256k1 ${lib})`, 200, () => signPayload(account, payload)),
    signBallot: await timeIt(`secp256k1 sign, EIP-712 ballot (agent: signBallot, ${lib})`, 200, () => signBallot(account, contract, ballot)),
    verifyPayload: await timeIt(`payload header check against the agent's address (orchestrator: verifySignedPayload, ${lib} recovery)`, 200, () => verifySignedPayload(payload, payloadSig, account.address)),
    verifyBallot: await timeIt(`EIP-712 ballot check against the agent's address (orchestrator: verifyBallot, ${lib} recovery)`, 200, () => verifyBallot(contract, ballot, ballotSig, account.address)),
    viemSignPayload: await timeIt("for comparison: the same payload sign by viem's own account (pure JS)", 200, () => signPayload(viemAccount, payload)),
    viemSignBallot: await timeIt("for comparison: the same ballot sign by viem's own account (pure JS)", 200, () => signBallot(viemAccount, contract, ballot)),
    recoverPayload: await timeIt("for comparison: recover a payload header's address with viem (recoverMessageAddress, pure JS)", 200, () => recoverMessageAddress({ message: { raw: keccak256(payload) }, signature: payloadSig })),
    recoverBallot: await timeIt("for comparison: recover a ballot's address with viem (recoverBallotSigner, pure JS)", 200, () => recoverBallotSigner(contract, ballot, ballotSig)),
    keccak: await timeIt("keccak256 of the payload (WASM, as the agents and the orchestrator hash it)", 2_000, () => keccakBytes(payload)),
    zodTask: await timeIt("zod encode + decode, evaluate task (4 candidates)", 2_000, () => decodeMessage(evaluateTask, encodeMessage(evaluateTask, sampleTask))),
    zodResult: await timeIt("zod encode + decode, evaluate result (4 assessments)", 2_000, () => decodeMessage(evaluateResult, encodeMessage(evaluateResult, sampleResult))),
    agentRound: await timeIt(
      "an agent's work on one round's two tasks at N = 5, as runAgent does it without NATS (decode, check 5 proposal hashes, build, sign 3 times, encode), warm",
      1_000, agentRoundWork(account, contract, task, solution),
    ),
  };
}

/** One round's propose and evaluate tasks (N = 5, valid hashes) and what an agent does with them. */
function agentRoundWork(
  account: ReturnType<typeof fastAccount>, contract: { chainId: number; address: Hex }, task: string, solution: { thoughtProcess: string; solution: string },
) {
  const sessionId = "12345";
  const round = 2;
  const deadline = Date.now() + 600_000;
  const proposal = () => {
    const salt = bytesToHex(randomBytes(32));
    return { ...solution, salt, proposalHash: proposalHash(BigInt(sessionId), round, salt, solution) };
  };
  const proposeBytes = encodeTrusted(proposeTask, { sessionId, round, task, deadline });
  const evaluateBytes = encodeTrusted(evaluateTask, {
    sessionId, round, task, deadline, ownProposal: proposal(), voteCredits: MAX_VOTE_CREDITS,
    candidates: ["A", "B", "C", "D"].map((l) => ({ ...proposal(), label: `Candidate_${l}` })),
  });
  return async () => {
    const propose = decodeMessage(proposeTask, proposeBytes);
    const proposed = encodeMessage(proposeResult, buildProposeResult("bench", propose, solution));
    await signedHeaders(account, proposed);
    const evaluate = decodeMessage(evaluateTask, evaluateBytes);
    checkCandidateHashes(evaluate);
    const assessments = evaluate.candidates.map((c) => ({ label: c.label, endorsement: 60, justification: "checked", stance: "support" as const, isFinalSolution: true }));
    const evaluated = encodeMessage(evaluateResult, await buildEvaluateResult("bench", account, contract, evaluate, { assessments }));
    await signedHeaders(account, evaluated);
  };
}
