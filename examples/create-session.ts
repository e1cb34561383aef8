// Creates a session for a task with the given agents, from the running stack's record.
//   node examples/create-session.ts "How many primes are below 30?" 1 2 3
// BOUNTY (default 0.01) in ETH, or in a token the deployment lists when TOKEN names its symbol
// (TOKEN=MOCK on a devnet: approved first); DEADLINE_SECONDS (default an hour).
import { formatUnits, parseUnits } from "viem";
import { createSession, isoTime } from "@concord/agent-sdk/chain";
import { connect, runExample } from "./connect.ts";

runExample(async () => {
  const [task, ...ids] = process.argv.slice(2);
  if (!task || ids.length < 2) throw new Error('usage: node examples/create-session.ts "TASK" AGENT_ID AGENT_ID [...]');
  const { deployment, wallet } = await connect();
  if (!deployment.orchestrator) throw new Error("the deployment names no orchestrator to run the session");
  const token = process.env.TOKEN ? deployment.tokens?.find((t) => t.symbol === process.env.TOKEN) : undefined;
  if (process.env.TOKEN && !token) throw new Error(`the deployment lists no token ${process.env.TOKEN}`);
  const currency = token ?? { symbol: "ETH", decimals: 18, address: undefined };
  const bounty = parseUnits(process.env.BOUNTY ?? "0.01", currency.decimals);
  const created = await createSession(wallet, deployment, {
    task, agentIds: ids.map(BigInt), bounty, orchestrator: deployment.orchestrator, token: currency.address,
    deadlineSeconds: process.env.DEADLINE_SECONDS ? BigInt(process.env.DEADLINE_SECONDS) : undefined,
  });
  if (created.approveTxHash) console.log(`approved Sessions for the bounty (tx ${created.approveTxHash})`);
  console.log(`session ${created.sessionId} created (tx ${created.txHash})`);
  console.log(`bounty ${formatUnits(bounty, currency.decimals)} ${currency.symbol}, agents ${ids.map((id) => `#${id}`).join(", ")}, deadline ${isoTime(created.deadline)}`);
});
