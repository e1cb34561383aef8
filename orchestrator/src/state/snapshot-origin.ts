// Which on-chain session a snapshot belongs to. Its KV key already names the chain id and the
// Sessions contract, but a fresh devnet redeploys to the same addresses under the same chain id,
// so session 1 there is not the snapshot's session 1: the terms fixed at creation (task hash,
// submitter, deadline, agents) and the rounds on chain must agree before a snapshot is resumed.
import { z } from "zod";
import { address, hash32 } from "@concord/agent-sdk/protocol";
import type { ReadSessionReturnType } from "../chain/actions/read-session.ts";

const bigintText = z.string().regex(/^\d+$/);

export const snapshotOrigin = z.object({
  taskHash: hash32,
  submitter: address,
  deadline: bigintText,
  agentIds: z.array(bigintText),
});

export type SnapshotOrigin = z.infer<typeof snapshotOrigin>;

type SessionTerms = Pick<ReadSessionReturnType, "taskHash" | "submitter" | "deadline" | "roundsRecorded"> & { agentIds: readonly bigint[] };

export function originOf(session: SessionTerms): SnapshotOrigin {
  return { taskHash: session.taskHash, submitter: session.submitter, deadline: String(session.deadline), agentIds: session.agentIds.map(String) };
}

/** Why a snapshot is not this on-chain session's, or undefined when it is. */
export function staleReason(snapshot: { origin?: SnapshotOrigin; rounds: readonly { onChain?: unknown }[] }, session: SessionTerms): string | undefined {
  const { origin } = snapshot;
  if (!origin) return "it does not name the session terms it was written for";
  const want = originOf(session);
  if (origin.taskHash.toLowerCase() !== want.taskHash.toLowerCase()) return `its task hash ${origin.taskHash} is not the chain's ${want.taskHash}`;
  if (origin.submitter.toLowerCase() !== want.submitter.toLowerCase()) return `its submitter ${origin.submitter} is not the chain's ${want.submitter}`;
  if (origin.deadline !== want.deadline) return `its deadline ${origin.deadline} is not the chain's ${want.deadline}`;
  if (origin.agentIds.join(",") !== want.agentIds.join(",")) return `its agents [${origin.agentIds}] are not the chain's [${want.agentIds}]`;
  // A round's record is saved only after it landed: the chain has at least those. Rounds tallied
  // whose records had not landed are the outbox's to send, and may or may not be on chain yet.
  const landed = snapshot.rounds.filter((r) => r.onChain !== undefined).length;
  if (landed > session.roundsRecorded) return `it holds ${landed} round(s) recorded on chain, the chain ${session.roundsRecorded}`;
  return undefined;
}
