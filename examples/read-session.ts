// Prints what the chain holds about a session: its terms, status, each round, the settlement.
//   node examples/read-session.ts 1
import { formatEther, zeroAddress } from "viem";
import { isoTime, readSession } from "@concord/agent-sdk/chain";
import { connect, runExample } from "./connect.ts";

runExample(async () => {
  const id = process.argv[2];
  if (!id || !/^\d+$/.test(id)) throw new Error("usage: node examples/read-session.ts SESSION_ID");
  const { deployment, publicClient } = await connect();
  const s = await readSession(publicClient, deployment, BigInt(id));
  const amount = (wei: bigint) => (s.token === zeroAddress ? `${formatEther(wei)} ETH` : `${wei} of token ${s.token}`);
  console.log(`session ${s.id}: ${s.status}${s.failureClaimed ? " (failure claimed: its submitter may refund now)" : ""}`);
  console.log(`task: ${s.task ?? s.taskURI ?? s.taskHash}`);
  console.log(`bounty: ${amount(s.bounty)}`);
  console.log(`submitter: ${s.submitter}`);
  console.log(`agents: ${s.agentIds.map((a) => `#${a}`).join(", ")}`);
  console.log(`deadline: ${isoTime(s.deadline)}`);
  console.log(`rounds: ${s.rounds.length} recorded (${s.minRounds}..${s.maxRounds})`);
  for (const r of s.rounds) console.log(`  round ${r.round}: winner #${s.agentIds[r.winnerIndex]}, scores ${r.scores.join(" ")}`);
  if (s.settlement) console.log(`payouts: ${s.settlement.payouts.map(amount).join(", ")}`);
});
