// One real message of each kind docs/schemas/ describes, built and signed with the SDK's own
// builders (a hardhat dev key, one session of two agents), keyed by the schema's name.
import { ConcordError } from "@concord/agent-sdk/protocol";
import { buildEvaluateResult, buildFailedResult, buildProposeResult } from "@concord/agent-sdk/agent";
import { finaliseMessage, joinMessage, roundProposalsHash, type EvaluateTask, type ProposeTask } from "@concord/agent-sdk/protocol";
import { privateKeyToAccount } from "viem/accounts";

/** Hardhat's dev accounts 0 and 1: public test keys, never for real funds. */
const key0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const key1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412b4f5d8c2a7e0a8";

export async function wireExamples(): Promise<Record<string, unknown>> {
  const ada = privateKeyToAccount(key0);
  const bram = privateKeyToAccount(key1);
  const sessions = { chainId: 31337, address: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as const };
  const deadline = 1_790_000_000_000;
  const proposeTask: ProposeTask = { sessionId: "7", round: 1, task: "Ada has 12 apples. Ada gives 3 apples to a friend. How many apples does Ada have now?", deadline };
  const mine = buildProposeResult("ada", proposeTask, { thoughtProcess: "12 - 3", solution: "9", usage: { promptTokens: 30, completionTokens: 4 } });
  const theirs = buildProposeResult("bram", proposeTask, { thoughtProcess: "12 - 3 = 9", solution: "9" });
  const evaluateTask: EvaluateTask = {
    sessionId: "7", round: 1, task: proposeTask.task, deadline, voteCredits: 10_000,
    ownProposal: { thoughtProcess: mine.thoughtProcess, solution: mine.solution, salt: mine.salt, proposalHash: mine.proposalHash },
    candidates: [{ label: "Candidate_A", thoughtProcess: theirs.thoughtProcess, solution: theirs.solution, salt: theirs.salt, proposalHash: theirs.proposalHash }],
  };
  const evaluated = await buildEvaluateResult("ada", ada, sessions, evaluateTask, {
    assessments: [{
      label: "Candidate_A", endorsement: 80, justification: "matches my result", stance: "support",
      claims: [{ claim: "the answer is 9", verdict: "agree" }], isFinalSolution: true,
    }],
  });
  const hashes = [mine.proposalHash, theirs.proposalHash].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const failed = await buildFailedResult("bram", bram, sessions, { sessionId: "7", round: 2, phase: "propose" }, new ConcordError("AGENT_SKIPPED", "not a word problem"));
  return {
    "propose-task": proposeTask,
    "propose-result": mine,
    "evaluate-task": evaluateTask,
    "evaluate-result": evaluated,
    "attest-task": { sessionId: "7", round: 1, deadline, proposalHashes: hashes },
    "failed-result": failed,
    "relayed-ballot": {
      sessionId: "7", round: 1, phase: "evaluate", agent: "ada", proposalHash: mine.proposalHash, proposalHashes: hashes,
      votes: evaluated.votes, signature: evaluated.signature,
    },
    "heartbeat": { agent: "ada", signer: ada.address, modelId: "simulated-solver@skill=0.9", capabilities: ["arithmetic-word-problems"], status: "ready", at: deadline },
    "accepts-request": { task: proposeTask.task },
    "accepts-reply": { agent: "bram", accepts: false, reason: "this simulated solver only answers arithmetic word problems of its family" },
    "finalise-request": { sessionId: "7", signature: await ada.signMessage({ message: finaliseMessage("7") }) },
    "session-job": { sessionId: "7", task: proposeTask.task, effort: 0.6, budget: { phaseTimeoutMs: 30_000 } },
    "session-event": {
      type: "round-recorded", sessionId: "7", round: 1, scores: [81, 81], winner: "ada",
      txHash: roundProposalsHash(hashes),
    },
    "agent-join-request": {
      name: "ada", userKey: JOIN_USER_KEY, issuedAt: 1_790_000_000,
      signature: await ada.signMessage({ message: joinMessage({ chainId: 31337, registry: deploymentExample().contracts.AgentRegistry, name: "ada", userKey: JOIN_USER_KEY, issuedAt: 1_790_000_000 }) }),
    },
    "agent-join-answer": { agentId: "1", jwt: "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.c2ln", expiresAt: 1_790_086_400, signer: ada.address, natsUrl: "nats://127.0.0.1:4222" },
    "stack-record": {
      pid: 4242, startedBy: "concord start", natsUrl: "nats://127.0.0.1:4222",
      natsUsers: {
        admin: { jwt: "eyJ0eXAiOiJKV1QifQ.e30.YQ", seed: "SUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
        cli: { jwt: "eyJ0eXAiOiJKV1QifQ.e30.Yw", seed: "SUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB" },
        viewer: { jwt: "eyJ0eXAiOiJKV1QifQ.e30.dg", seed: "SUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAC" },
        relayer: { jwt: "eyJ0eXAiOiJKV1QifQ.e30.cg", seed: "SUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAD" },
        agents: { ada: { jwt: "eyJ0eXAiOiJKV1QifQ.e30.YWRh", seed: "SUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE" } },
      },
      websocketUrl: "ws://127.0.0.1:8222", rpcUrl: "http://127.0.0.1:8545",
      deployment: deploymentExample(),
      dappUrl: "http://127.0.0.1:5173", apiUrl: "http://127.0.0.1:5173",
    },
    "deployment": deploymentExample(),
  };
}

/** A NATS user public nkey's shape (U + 55 base32 characters); the example needs no real key. */
const JOIN_USER_KEY = `U${"A".repeat(55)}`;

function deploymentExample() {
  return {
    chainId: 31337, rpcUrl: "http://127.0.0.1:8545", deployedAtBlock: "1",
    contracts: { AgentRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3", Sessions: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" },
    orchestrator: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  };
}
