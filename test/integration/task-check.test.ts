// An agent process checks each task against the chain before it answers (runAgent's
// checkSessions, on in the stack's agents and in `concord agent`): on a real hardhat node and
// nats-server, a task for a session that does not name it, for no session, with another task
// text than the session's hash, or for a round past maxRounds gets no answer at all; the
// session's own task is answered; a JSON-RPC endpoint that answers 503 for a while is waited out.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { keccak256, parseEther, stringToBytes } from "viem";
import { runAgent } from "@concord/agent-sdk/agent";
import { decodeMessage, encodeMessage, proposeResult, proposeTask, subjects, type ProposeTask } from "@concord/agent-sdk/protocol";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession } from "@concord/orchestrator/chain/actions/index.ts";
import { openPhase } from "@concord/orchestrator/rounds/collect-phase.ts";
import { generateWordProblem, seededRandom, simulatedAgent } from "@concord/agent-sdk/providers";

const TEXT = generateWordProblem(seededRandom("task-check")).text;

describe("an agent's on-chain task check", () => {
  let stack: LocalStack;
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  /** The first agent log line (seen already, or to come) that matches. */
  const logLine = (pattern: RegExp) => new Promise<string>((resolve) => {
    const seen = lines.find((l) => pattern.test(l));
    if (seen) resolve(seen);
    else waiters.push({ pattern, resolve });
  });

  before(async () => {
    stack = await startLocalStack({
      agentLog: (line) => {
        lines.push(line);
        for (const w of waiters.filter((x) => x.pattern.test(line))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      },
    });
  });
  after(async () => {
    await stack?.stop();
  });

  const session = async (agents: LocalStack["panel"]) => (await createSession(stack.chain, {
    wallet: stack.submitter, taskHash: keccak256(stringToBytes(TEXT)), agentIds: agents.map((a) => a.agentId),
    orchestrator: stack.orchestrator.account.address, maxRounds: 2, bounty: parseEther("0.01"),
  })).sessionId.toString();

  /** Sends `task` to ada as the orchestrator would, and collects her propose phase until `deadline`. */
  const ask = (task: ProposeTask, deadline: number) => {
    const ada = stack.panel[0]!;
    const phase = openPhase({
      nc: stack.nc, sessionId: task.sessionId, round: task.round, phase: "propose", signers: new Map([[ada.name, ada.signer]]),
      deadline, accept: (_agent, data) => decodeMessage(proposeResult, data),
    });
    stack.nc.publish(subjects.task(task.sessionId, ada.name, "propose"), encodeMessage(proposeTask, task));
    return phase.done;
  };

  it("answers nothing for a session that does not name the agent", { timeout: 30_000 }, async () => {
    const [, bram, chloe] = stack.panel;
    const sessionId = await session([bram!, chloe!]);
    const collected = await ask({ sessionId, round: 1, task: TEXT, deadline: Date.now() + 3_000 }, Date.now() + 3_000);
    assert.match(await logLine(new RegExp(`ignoring nsed\\.${sessionId}\\.task\\.ada\\.propose: TASK_NOT_FOR_AGENT: session ${sessionId} does not name this agent's signer`)), /ada/);
    assert.deepEqual(collected.missing, ["ada"], "nothing answered, not even a failure");
  });

  it("answers nothing for a session id no session has, another task text, or a round past maxRounds", { timeout: 30_000 }, async () => {
    const sessionId = await session(stack.panel);
    const deadline = Date.now() + 20_000;
    void ask({ sessionId: "987654", round: 1, task: TEXT, deadline }, deadline);
    void ask({ sessionId, round: 1, task: `${TEXT} Show your work.`, deadline }, deadline);
    void ask({ sessionId, round: 3, task: TEXT, deadline }, deadline);
    await logLine(/ignoring nsed\.987654\.task\.ada\.propose: SESSION_NOT_FOUND: session 987654 is not on chain/);
    await logLine(new RegExp(`ignoring nsed\\.${sessionId}\\.task\\.ada\\.propose: TASK_HASH_MISMATCH`));
    await logLine(new RegExp(`ignoring nsed\\.${sessionId}\\.task\\.ada\\.propose: TASK_NOT_FOR_AGENT: session ${sessionId} records at most 2 rounds, not round 3`));
    // The session's own task, in a round it has: answered.
    const collected = await ask({ sessionId, round: 1, task: TEXT, deadline: Date.now() + 20_000 }, Date.now() + 20_000);
    assert.equal(collected.answers.get("ada")?.sessionId, sessionId, JSON.stringify([...collected.failures]));
  });

  it("waits out a JSON-RPC endpoint that does not answer, then answers the task", { timeout: 60_000 }, async () => {
    // Ada's key in this process, checking sessions through an endpoint that answers 503 until told.
    const ada = stack.agents[0]!;
    await ada.stop("SIGTERM");
    let down = true;
    let refused = 0;
    let twiceRefused!: () => void;
    const refusedTwice = new Promise<void>((resolve) => (twiceRefused = resolve));
    const endpoint = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => void (async () => {
        if (down) {
          if (++refused === 2) twiceRefused();
          res.writeHead(503).end("down");
          return;
        }
        const answer = await fetch(stack.evm.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: Buffer.concat(chunks) });
        res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
      })());
    });
    await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
    const running = await runAgent(simulatedAgent({ name: ada.name, skill: 1 }), {
      natsServers: stack.nats.url, natsAuth: stack.natsAuthFor(ada.name), account: ada.account,
      sessions: { chainId: stack.deployment.chainId, address: stack.deployment.contracts.Sessions },
      checkSessions: { rpcUrl: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}` },
    });
    try {
      await running.ready;
      const sessionId = await session(stack.panel);
      const deadline = Date.now() + 30_000;
      const phase = ask({ sessionId, round: 1, task: TEXT, deadline }, deadline);
      await refusedTwice; // the agent asked, was refused, and asked again
      down = false;
      const collected = await phase;
      assert.equal(collected.answers.get(ada.name)?.sessionId, sessionId, JSON.stringify([...collected.failures]));
    } finally {
      await running.stop();
      await new Promise<void>((resolve) => endpoint.close(() => resolve()));
    }
  });
});
