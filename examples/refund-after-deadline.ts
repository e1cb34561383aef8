// Takes a session's bounty back once its deadline has passed (waiting for it if need be), as its
// submitter: what to do when no orchestrator ran it.
//   node examples/refund-after-deadline.ts 4
import { formatEther, zeroAddress } from "viem";
import { getBlock } from "viem/actions";
import { isoTime, readSession, refund } from "@concord/agent-sdk/chain";
import { connect, runExample } from "./connect.ts";

runExample(async () => {
  const id = process.argv[2];
  if (!id || !/^\d+$/.test(id)) throw new Error("usage: node examples/refund-after-deadline.ts SESSION_ID");
  const { deployment, wallet } = await connect();
  const session = await readSession(wallet, deployment, BigInt(id));
  // The deadline is the chain's time, which the pending block states (a devnet's latest may be old).
  const chainNow = async () => (await getBlock(wallet, { blockTag: "pending" })).timestamp;
  if (session.status === "Open" && !session.failureClaimed && (await chainNow()) <= session.deadline) {
    console.log(`waiting for the deadline, ${isoTime(session.deadline)}...`);
    while ((await chainNow()) <= session.deadline) await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const refunded = await refund(wallet, deployment, session.id);
  const amount = refunded.token === zeroAddress ? `${formatEther(refunded.amount)} ETH` : `${refunded.amount} of token ${refunded.token}`;
  console.log(`refunded ${amount} of session ${session.id} to ${wallet.account.address} (tx ${refunded.txHash})`);
});
