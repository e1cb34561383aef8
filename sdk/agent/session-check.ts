// Whether a task is one the chain asks of this agent: its session exists, is open, names this
// agent's signer, and holds the task text (by hash), the round (≤ maxRounds) and the vote credits
// the task names. Without it, whoever may publish tasks could spend the agent's model calls on
// sessions it is not on, or ask one round several times under made-up task texts.
import { createPublicClient, defineChain, http, type Address, type Hex, type PublicClient } from "viem";
import { sessionsAbi } from "../abis/index.ts";
import { ConcordError } from "../protocol/errors.ts";
import { revertName } from "../protocol/revert.ts";
import { taskHash } from "../protocol/task-uri.ts";
import type { SessionsContractRef } from "../protocol/attestation.ts";
import { setBounded } from "./bounded-map.ts";

/** What the agent checks a task against: the session's terms, fixed when it was created. */
export interface SessionFacts {
  signers: readonly Address[];
  taskHash: Hex;
  open: boolean;
  /** Unix seconds after which nothing of the session is recorded. */
  deadline: bigint;
  maxRounds: number;
  voteCredits: number;
}

/** Reads a session's facts; undefined for an id no session has. */
export type SessionFactsReader = (sessionId: bigint) => Promise<SessionFacts | undefined>;

/** The task fields the check reads. */
export interface CheckedTask {
  sessionId: string;
  round: number;
  task: string;
  voteCredits?: number;
}

/** A task the chain does not ask of this agent: it gets no model call and no answer at all. */
export class TaskNotForAgent extends ConcordError {}

export interface SessionCheck {
  /** Resolves with the session's task hash when the task checks out; throws TaskNotForAgent when not. */
  check(task: CheckedTask): Promise<Hex>;
}

/** Sessions whose facts are kept: a session's facts never change but its status, which its deadline bounds. */
const SESSIONS_KEPT = 4_096;

export function sessionCheck(signer: Address, read: SessionFactsReader, now: () => number = Date.now): SessionCheck {
  const facts = new Map<string, Promise<SessionFacts | undefined>>();
  const factsOf = (sessionId: string) => {
    let known = facts.get(sessionId);
    if (!known) {
      known = read(BigInt(sessionId));
      setBounded(facts, sessionId, known, SESSIONS_KEPT);
      // A chain that did not answer says nothing about the session: ask again next time.
      known.catch(() => facts.delete(sessionId));
    }
    return known;
  };
  const me = signer.toLowerCase();
  return {
    async check(task) {
      const session = await factsOf(task.sessionId).catch((cause: unknown) => {
        throw new ConcordError("CHAIN_UNREACHABLE", `cannot read session ${task.sessionId} from the chain to check the task: ${cause instanceof Error ? cause.message.split("\n")[0] : String(cause)}`, { cause });
      });
      const where = `session ${task.sessionId}`;
      if (!session) throw new TaskNotForAgent("SESSION_NOT_FOUND", `${where} is not on chain`);
      if (!session.signers.some((s) => s.toLowerCase() === me)) {
        throw new TaskNotForAgent("TASK_NOT_FOR_AGENT", `${where} does not name this agent's signer ${signer}`);
      }
      if (!session.open || BigInt(Math.floor(now() / 1_000)) >= session.deadline) {
        throw new TaskNotForAgent("SESSION_NOT_OPEN", `${where} is settled, refunded or past its deadline`);
      }
      if (taskHash(task.task) !== session.taskHash) {
        throw new TaskNotForAgent("TASK_HASH_MISMATCH", `the task text of ${where} does not hash to its on-chain task hash ${session.taskHash}`);
      }
      if (task.round > session.maxRounds) {
        throw new TaskNotForAgent("TASK_NOT_FOR_AGENT", `${where} records at most ${session.maxRounds} rounds, not round ${task.round}`);
      }
      if (task.voteCredits !== undefined && task.voteCredits !== session.voteCredits) {
        throw new TaskNotForAgent("TASK_NOT_FOR_AGENT", `${where} gives ${session.voteCredits} vote credits, not ${task.voteCredits}`);
      }
      return session.taskHash;
    },
  };
}

/** Reads session facts from the Sessions contract over JSON-RPC (two eth_calls per session). */
export function chainSessionFacts(contract: SessionsContractRef, rpcUrl: string): SessionFactsReader {
  const chain = defineChain({
    id: contract.chainId, name: `chain ${contract.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } },
  });
  const client = createPublicClient({ chain, transport: http(rpcUrl, { retryCount: 1 }) }) as PublicClient;
  const read = { address: contract.address, abi: sessionsAbi } as const;
  return async (sessionId) => {
    try {
      const [view, signers] = await Promise.all([
        client.readContract({ ...read, functionName: "getSession", args: [sessionId] }),
        client.readContract({ ...read, functionName: "getSigners", args: [sessionId] }),
      ]);
      return {
        signers, taskHash: view.taskHash, open: view.status === 1, deadline: view.deadline,
        maxRounds: view.maxRounds, voteCredits: view.voteCredits,
      };
    } catch (error) {
      if (revertName(error) === "UnknownSession") return undefined;
      throw error;
    }
  };
}
