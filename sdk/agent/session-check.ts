// Whether a task is one the chain asks of this agent: its session exists, is open, names this
// agent's signer, and holds the task text (by hash), the round (≤ maxRounds) and the vote credits
// the task names. Without it, whoever may publish tasks could spend the agent's model calls on
// sessions it is not on, or ask one round several times under made-up task texts.
import { createPublicClient, http, type Address, type Hex, type PublicClient } from "viem";
import { sessionsAbi } from "../abis/index.ts";
import { ConcordError } from "../protocol/errors.ts";
import { revertName } from "../protocol/revert.ts";
import { taskHash } from "../protocol/task-uri.ts";
import { roundTermsSameOperator } from "../protocol/round-terms.ts";
import { chainAt } from "../protocol/chain-at.ts";
import type { SessionsContractRef } from "../protocol/attestation.ts";
import { RPC_RETRY_FIRST_MS, RPC_RETRY_MAX_MS } from "../protocol/limits.ts";
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
  /** Rounds on chain when the facts were read (the one fact that changes: see stillUnworked). */
  roundsRecorded: number;
  /** The session's round terms (Sessions.roundTerms): its operator groups say how many agents share this one's operator. */
  roundTerms?: bigint;
}

/** Reads a session's facts; undefined for an id no session has. */
export type SessionFactsReader = (sessionId: bigint) => Promise<SessionFacts | undefined>;

/** The task fields the check reads. */
export interface CheckedTask {
  sessionId: string;
  round: number;
  task: string;
  /** Milliseconds since the epoch: a chain that does not answer is asked again until then. */
  deadline: number;
  voteCredits?: number;
  /** An evaluate task's candidates: no more may be marked `sameOperator` than the session has agents of this one's operator. */
  candidates?: readonly { sameOperator?: true }[];
}

/** A task the chain does not ask of this agent: it gets no model call and no answer at all. */
export class TaskNotForAgent extends ConcordError {}

export interface SessionCheck {
  /** Resolves with the session's task hash when the task checks out; throws TaskNotForAgent when not. */
  check(task: CheckedTask): Promise<Hex>;
  /**
   * Whether the chain, read now, holds no round of the session: a decline (which names the session,
   * not a round) is signed only then, so an agent restarted mid-session signs none. False when the
   * chain does not answer.
   */
  stillUnworked(sessionId: string): Promise<boolean>;
}

/** Sessions whose facts are kept: a session's facts never change but its status, which its deadline bounds. */
const SESSIONS_KEPT = 4_096;
/**
 * Facts older than this are read again before a task is refused on them: a chain replaced by a
 * fresh one (a devnet restarted) reuses session ids for other sessions.
 */
const REREAD_AFTER_MS = 1_000;
/** The longest a check waits out a chain that does not answer, whatever the task's deadline says. */
const CHECK_PATIENCE_MS = 60_000;

export interface SessionCheckOptions {
  now?: () => number;
  /** Waits between reads of a chain that did not answer (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
}

export function sessionCheck(signer: Address, read: SessionFactsReader, options: SessionCheckOptions = {}): SessionCheck {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const facts = new Map<string, Promise<{ session: SessionFacts | undefined; readAt: number }>>();
  /** Reads until the chain answers or the task's deadline would pass (an outage is waited out, as every party does). */
  const readUntil = async (sessionId: string, taskDeadline: number) => {
    const deadline = Math.min(taskDeadline, now() + CHECK_PATIENCE_MS);
    for (let wait = RPC_RETRY_FIRST_MS; ; wait = Math.min(2 * wait, RPC_RETRY_MAX_MS)) {
      try {
        return { session: await read(BigInt(sessionId)), readAt: now() };
      } catch (cause) {
        if (now() + wait >= deadline) {
          throw new ConcordError("CHAIN_UNREACHABLE", `cannot read session ${sessionId} from the chain to check the task before its deadline: ${cause instanceof Error ? cause.message.split("\n")[0] : String(cause)}`, { cause });
        }
        await sleep(wait);
      }
    }
  };
  const factsOf = (sessionId: string, deadline: number) => {
    let known = facts.get(sessionId);
    if (!known) {
      known = readUntil(sessionId, deadline);
      setBounded(facts, sessionId, known, SESSIONS_KEPT);
      // A chain that did not answer says nothing about the session: ask again next time.
      known.catch(() => {
        if (facts.get(sessionId) === known) facts.delete(sessionId);
      });
    }
    return known;
  };
  const me = signer.toLowerCase();
  const verdict = (task: CheckedTask, session: SessionFacts | undefined): Hex => {
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
    // A mark costs the candidate this agent's vote: no more than the session's agents of its own
    // operator may carry one, or an orchestrator could take the agent's votes from whom it likes.
    const marked = task.candidates?.filter((c) => c.sameOperator).length ?? 0;
    if (marked > 0 && session.roundTerms !== undefined) {
      const mine = session.signers.findIndex((s) => s.toLowerCase() === me);
      const teammates = session.signers.filter((_, j) => roundTermsSameOperator(session.roundTerms!, mine, j)).length;
      if (marked > teammates) {
        throw new TaskNotForAgent("TASK_NOT_FOR_AGENT", `${where} has ${teammates} other agent(s) of this agent's operator, not the ${marked} candidates marked sameOperator`);
      }
    }
    return session.taskHash;
  };
  return {
    async stillUnworked(sessionId) {
      const session = await read(BigInt(sessionId)).catch(() => undefined);
      return session !== undefined && session.roundsRecorded === 0;
    },
    async check(task) {
      const known = await factsOf(task.sessionId, task.deadline);
      try {
        return verdict(task, known.session);
      } catch (error) {
        if (!(error instanceof TaskNotForAgent) || now() - known.readAt < REREAD_AFTER_MS) throw error;
        // Refused on facts read a while ago: read them again once, in case the chain changed; a
        // chain that does not answer leaves the old facts, and their refusal, in place.
        const fresh = await readUntil(task.sessionId, task.deadline).catch(() => undefined);
        if (!fresh) throw error;
        setBounded(facts, task.sessionId, Promise.resolve(fresh), SESSIONS_KEPT);
        return verdict(task, fresh.session);
      }
    },
  };
}

/**
 * Reads session facts from the Sessions contract over JSON-RPC: getSession and getSigners in one
 * eth_call with roundTerms (a deployless multicall, so no Multicall3 need be deployed), each call's revert kept
 * apart so that an unknown id still reads as UnknownSession.
 */
export function chainSessionFacts(contract: SessionsContractRef, rpcUrl: string): SessionFactsReader {
  const client = createPublicClient({ chain: chainAt(contract.chainId, rpcUrl).chain, transport: http(rpcUrl, { retryCount: 1 }) }) as PublicClient;
  const read = { address: contract.address, abi: sessionsAbi } as const;
  return async (sessionId) => {
    const [view, signers, terms] = await client.multicall({
      deployless: true, allowFailure: true,
      contracts: [
        { ...read, functionName: "getSession", args: [sessionId] },
        { ...read, functionName: "getSigners", args: [sessionId] },
        { ...read, functionName: "roundTerms", args: [sessionId] },
      ],
    });
    if (view.status === "failure") {
      if (revertName(view.error) === "UnknownSession") return undefined;
      throw view.error;
    }
    if (signers.status === "failure") throw signers.error;
    if (terms.status === "failure") throw terms.error;
    const session = view.result;
    return {
      signers: signers.result, taskHash: session.taskHash, open: session.status === 1, deadline: session.deadline,
      maxRounds: session.maxRounds, voteCredits: session.voteCredits, roundsRecorded: session.roundsRecorded, roundTerms: terms.result,
    };
  };
}
