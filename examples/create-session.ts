// Creates an ETH session for a task with the given agents, from the running stack's record.
//   node examples/create-session.ts "How many primes are below 30?" 1 2 3
// BOUNTY_ETH (default 0.01) and DEADLINE_SECONDS (default an hour) change its terms.
import { formatEther, parseEther } from "viem";
import { createSession, isoTime } from "@concord/agent-sdk/chain";
import { connect, runExample } from "./connect.ts";

runExample(async () => {
  const [task, ...ids] = process.argv.slice(2);
  if (!task || ids.length < 2) throw new Error('usage: node examples/create-session.ts "TASK" AGENT_ID AGENT_ID [...]');
  const { deployment, wallet } = await connect();
  if (!deployment.orchestrator) throw new Error("the deployment names no orchestrator to run the session");
  const bounty = parseEther(process.env.BOUNTY_ETH ?? "0.01");
  const created = await createSession(wallet, deployment, {
    task, agentIds: ids.map(BigInt), bounty, orchestrator: deployment.orchestrator,
    deadlineSeconds: process.env.DEADLINE_SECONDS ? BigInt(process.env.DEADLINE_SECONDS) : undefined,
  });
  console.log(`session ${created.sessionId} created (tx ${created.txHash})`);
  console.log(`bounty ${formatEther(bounty)} ETH, agents ${ids.map((id) => `#${id}`).join(", ")}, deadline ${isoTime(created.deadline)}`);
});
