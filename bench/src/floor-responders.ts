// The floors' agent side, run in each agent's process: one responder answers a core NATS task with
// a core reply (the core floor), another publishes its answer to a JetStream stream and awaits
// the stream's ack, as a protocol agent publishes its result (the JetStream floor), with the same
// publish (one ack inbox per connection, no request object or Error per publish) and connection
// options as the agents; the third does the same with the protocol's signatures (the checked
// floor): every answer signed in its header by the agent's key, and an evaluate answer also
// carrying an EIP-712 ballot signature, as a protocol agent signs 3 times a round. A task's
// subject ends with the size of the answer it wants, so a responder needs no configuration.
import { connect, type ConnectionOptions, type NatsConnection } from "@nats-io/transport-node";
import { hexToBytes, type LocalAccount } from "viem";
import { publishToStream, signedHeaders } from "@concord/agent-sdk/agent";
import { NATS_RECONNECT, signBallot, type BallotMessage, type SessionsContractRef } from "@concord/agent-sdk/protocol";
import { keccakHex } from "@concord/agent-sdk/secp256k1";

/** Core floor tasks: `bench.raw.{n}.{i}.{replyBytes}`, answered on the task's reply subject. */
export const coreTaskSubject = (n: number, i: number, replyBytes: number) => `bench.raw.${n}.${i}.${replyBytes}`;
/** JetStream floor tasks: `bench.jstask.{n}.{i}.{replyBytes}`; the answer goes to `{reply}.{i}`, stored and acked. */
export const jsTaskSubject = (n: number, i: number, replyBytes: number) => `bench.jstask.${n}.${i}.${replyBytes}`;
/** Checked floor tasks: `bench.jschecked.{n}.{i}.{phase}.{replyBytes}`, answered as JetStream floor tasks, signed. */
export const checkedTaskSubject = (n: number, i: number, phase: "p" | "e", replyBytes: number) => `bench.jschecked.${n}.${i}.${phase}.${replyBytes}`;
/** The stream the JetStream floor's answers go to (file storage, as the protocol's results). */
export const FLOOR_STREAM = { name: "BENCH_FLOOR", subjects: ["bench.jsfloor.>"] } as const;

/**
 * The ballot a checked floor's evaluate answer signs (its signature is the answer's first 65 bytes):
 * fixed, as what is measured is the signing and the check, not what is signed.
 */
export const FLOOR_BALLOT: BallotMessage = {
  sessionId: 1n, round: 1, proposalHash: keccakHex(new TextEncoder().encode("floor")),
  proposalsHash: keccakHex(new TextEncoder().encode("floor's proposals")), votes: "0x0505",
};

/** What the checked floor's responder signs with: the agent's own key and the Sessions contract its ballots name. */
export interface FloorSigner {
  account: LocalAccount;
  contract: SessionsContractRef;
}

const replyBytes = (subject: string) => Number(subject.slice(subject.lastIndexOf(".") + 1));

/** The responders for agent `i` of a panel of `n`, on one connection of their own. */
export async function startFloorResponders(options: ConnectionOptions, n: number, i: number, signer: FloorSigner): Promise<NatsConnection> {
  const c = await connect({ ...NATS_RECONNECT, ...options });
  c.subscribe(`bench.raw.${n}.${i}.*`, {
    callback: (_e, m) => c.publish(m.reply!, new Uint8Array(replyBytes(m.subject))),
  });
  c.subscribe(`bench.jstask.${n}.${i}.*`, {
    callback: (_e, m) => {
      const subject = `${m.reply!}.${i}`;
      // Awaited like an agent's publishUntil: the answer counts once the stream holds it.
      void publishToStream(c, subject, new Uint8Array(replyBytes(m.subject)), { msgID: subject, timeoutMs: 5_000 }).catch(() => {});
    },
  });
  c.subscribe(`bench.jschecked.${n}.${i}.*.*`, {
    callback: (_e, m) => {
      const subject = `${m.reply!}.${i}`;
      void (async () => {
        const answer = new Uint8Array(replyBytes(m.subject));
        if (m.subject.split(".")[4] === "e") answer.set(hexToBytes(await signBallot(signer.account, signer.contract, FLOOR_BALLOT, keccakHex)));
        await publishToStream(c, subject, answer, { msgID: subject, timeoutMs: 5_000, headers: await signedHeaders(signer.account, answer) });
      })().catch(() => {});
    },
  });
  await c.flush();
  return c;
}
