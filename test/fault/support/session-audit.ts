// What became of each session, from both records: the events the orchestrators published and the
// chain's own events. The properties every fault case must keep are checked here, once:
// a session settles exactly once, or ends failed with a reason and its bounty can still be
// recovered (refunded, or settled by anyone) at its deadline; the rounds on chain are the rounds
// published; nothing ends twice.
import { createTestClient, http, parseEventLogs } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { getSessionsLogs, type SessionEvent } from "@concord/agent-sdk/protocol";
import { readSession } from "@concord/orchestrator/chain/actions/index.ts";
import type { FaultStack } from "./fault-stack.ts";
import type { EventWatch } from "./session-events.ts";

export interface SessionAudit {
  sessionId: string;
  published: { settled: number; failed: number; reasons: string[]; rounds: { round: number; txHash: string }[] };
  /**
   * End events as published (seen live), repeats included. Not a verdict on its own: a publish
   * retried after a lost ack reaches subscribers again and the stream keeps one; the chain and the
   * stream say whether anything ran twice.
   */
  live: { settled: number; failed: number };
  chain: {
    settled: number; refunded: number; rounds: { round: number; txHash: string }[];
    /** SessionFailed events: `refunded` when the failure came with the agents' declines and refunded at once. */
    failed: { refunded: boolean }[];
  };
  /** The chain was lost with its node: only what was published can be checked. */
  chainLost?: boolean;
  /** For a session that did not settle: what its deadline allows (checked on a throwaway fork of time). */
  atDeadline?: string;
}

/** `chainLost`: the node was restarted empty, so the chain the sessions lived on is gone. */
export async function auditSessions(
  stack: FaultStack, events: readonly SessionEvent[], sessionIds: readonly string[],
  options: { chainLost?: boolean; live?: Pick<EventWatch, "published"> } = {},
): Promise<SessionAudit[]> {
  const logs = options.chainLost ? [] : await getSessionsLogs(stack.clients.publicClient, {
    address: stack.deployment.contracts.Sessions, fromBlock: BigInt(stack.deployment.deployedAtBlock),
  });
  const audits: SessionAudit[] = [];
  for (const sessionId of sessionIds) {
    const mine = events.filter((e) => e.sessionId === sessionId);
    const onChain = logs.filter((l) => "sessionId" in l && l.sessionId === BigInt(sessionId));
    const audit: SessionAudit = {
      sessionId,
      published: {
        settled: mine.filter((e) => e.type === "session-settled").length,
        failed: mine.filter((e) => e.type === "session-failed").length,
        reasons: mine.flatMap((e) => (e.type === "session-failed" ? [e.reason] : [])),
        rounds: mine.flatMap((e) => (e.type === "round-recorded" ? [{ round: e.round, txHash: e.txHash }] : [])),
      },
      live: {
        settled: options.live?.published(sessionId, "session-settled") ?? 0,
        failed: options.live?.published(sessionId, "session-failed") ?? 0,
      },
      chainLost: options.chainLost,
      chain: {
        settled: onChain.filter((l) => l.eventName === "SessionSettled").length,
        refunded: onChain.filter((l) => l.eventName === "SessionRefunded").length,
        rounds: onChain.flatMap((l) => (l.eventName === "RoundRecorded" ? [{ round: l.round, txHash: l.txHash as string }] : [])),
        failed: onChain.flatMap((l) => (l.eventName === "SessionFailed" ? [{ refunded: l.refunded }] : [])),
      },
    };
    if (options.chainLost) audit.atDeadline = "the escrow went with the in-memory chain (a persistent chain would keep it, refundable at the deadline)";
    else if (audit.chain.refunded === 1 && audit.chain.failed.some((f) => f.refunded)) audit.atDeadline = "already refunded by the failure itself (the agents' declines)";
    else if (audit.chain.settled === 0) audit.atDeadline = await recoverableAtDeadline(stack, sessionId);
    audits.push(audit);
  }
  return audits;
}

/**
 * Jumps the node's clock past the session's deadline in a snapshot, recovers the bounty the way
 * the contract allows (the submitter's refund below minRounds, anyone's settle from there), says
 * what happened, and reverts: the chain is left as it was.
 */
async function recoverableAtDeadline(stack: FaultStack, sessionId: string): Promise<string> {
  const test = createTestClient({ mode: "hardhat", transport: http(stack.evm.rpcUrl) });
  const session = await readSession(stack.chain, { sessionId: BigInt(sessionId) });
  const snapshot = await test.snapshot();
  try {
    // A node that keeps its clock offset across a revert may already be past the deadline.
    const { timestamp } = await stack.clients.publicClient.getBlock();
    if (timestamp <= session.deadline) await test.setNextBlockTimestamp({ timestamp: session.deadline + 1n });
    await test.mine({ blocks: 1 });
    const refund = session.roundsRecorded < session.minRounds;
    const hash = await stack.submitter.writeContract({
      address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: refund ? "refund" : "settle", args: [BigInt(sessionId)],
    });
    const receipt = await stack.clients.publicClient.waitForTransactionReceipt({ hash });
    const names = parseEventLogs({ abi: sessionsAbi, logs: receipt.logs }).map((l) => l.eventName);
    if (refund && names.includes("SessionRefunded")) return "refunded at its deadline";
    if (!refund && names.includes("SessionSettled")) return `settled by anyone at its deadline (${session.roundsRecorded} rounds recorded)`;
    return `NOT recoverable at its deadline: ${refund ? "refund" : "settle"} emitted ${names.join(", ") || "nothing"}`;
  } catch (error) {
    return `NOT recoverable at its deadline: ${(error as Error).message.split("\n")[0]}`;
  } finally {
    await test.revert({ id: snapshot });
  }
}

/** Each broken property of one session, in words; empty when the session ended as it must. */
export function violations(a: SessionAudit): string[] {
  const out: string[] = [];
  const id = `session ${a.sessionId}`;
  const settled = a.chain.settled > 0 || a.published.settled > 0;
  if (a.chain.settled > 1) out.push(`${id}: settled ${a.chain.settled} times on chain`);
  if (a.published.settled > 1) out.push(`${id}: ${a.published.settled} session-settled events`);
  if (a.published.failed > 1) out.push(`${id}: ${a.published.failed} session-failed events`);
  // The one refund the orchestrators make themselves: a failure declared with the agents' declines.
  const refundedByFailure = a.chain.refunded === 1 && a.chain.failed.some((f) => f.refunded);
  if (a.chain.refunded > 0 && !refundedByFailure) out.push(`${id}: refunded ${a.chain.refunded} time(s) while the orchestrators ran`);
  if (a.chain.failed.length > 1) out.push(`${id}: declared failed ${a.chain.failed.length} times on chain`);
  if (settled && a.published.failed > 0) out.push(`${id}: both settled and failed (${a.published.reasons.join("; ")})`);
  if (a.chain.settled === 1 && a.published.settled === 0) out.push(`${id}: settled on chain but no session-settled event`);
  if (a.published.settled === 1 && a.chain.settled === 0) out.push(`${id}: session-settled published but not settled on chain`);
  if (!settled && a.published.failed === 0) out.push(`${id}: never ended (neither settled nor failed)`);
  if (!settled && a.published.failed > 0 && !a.published.reasons.every((r) => r.trim().length > 0)) out.push(`${id}: failed without a reason`);
  if (!settled && a.atDeadline?.startsWith("NOT")) out.push(`${id}: ${a.atDeadline}`);
  if (a.chainLost) {
    if (a.published.settled > 0) out.push(`${id}: announced settled on a chain that was lost`);
    return out;
  }
  const chainRounds = a.chain.rounds.map((r) => r.round);
  if (new Set(chainRounds).size !== chainRounds.length) out.push(`${id}: a round recorded twice on chain (${chainRounds.join(", ")})`);
  if (!chainRounds.every((r, i) => r === i + 1)) out.push(`${id}: chain rounds are not 1..${chainRounds.length} in order (${chainRounds.join(", ")})`);
  const key = (r: { round: number; txHash: string }) => `${r.round}:${r.txHash.toLowerCase()}`;
  const onChain = new Set(a.chain.rounds.map(key));
  const published = new Set(a.published.rounds.map(key));
  const unpublished = [...onChain].filter((k) => !published.has(k));
  const phantom = [...published].filter((k) => !onChain.has(k));
  if (phantom.length > 0) out.push(`${id}: published rounds not on chain (${phantom.join(", ")})`);
  // A settled session's rounds were all announced; a failed one may die between recording and announcing.
  if (settled && unpublished.length > 0) out.push(`${id}: rounds on chain never published (${unpublished.join(", ")})`);
  return out;
}

/** One line on what happened to these sessions, for the table. */
export function summarise(audits: readonly SessionAudit[]): string {
  const settled = audits.filter((a) => a.chain.settled > 0 || a.published.settled > 0);
  const failed = audits.filter((a) => !settled.includes(a) && a.published.failed > 0);
  const lost = audits.filter((a) => !settled.includes(a) && a.published.failed === 0);
  const parts: string[] = [];
  if (settled.length > 0) {
    const counts = [...new Set(settled.map((a) => a.chain.rounds.length))];
    parts.push(`${settled.length} of ${audits.length} settled once (${counts.join("/")} round${counts.join() === "1" ? "" : "s"} on chain)`);
  }
  if (failed.length > 0) {
    const reasons = [...new Set(failed.map((a) => a.published.reasons[0]!.replace(/\s+/g, " ").slice(0, 140)))].join("; ");
    const deadline = [...new Set(failed.map((a) => a.atDeadline))].join("; ");
    parts.push(`${failed.length} failed: "${reasons}"; then ${deadline}`);
  }
  const repeated = audits.flatMap((a) => [
    ...(a.live.settled > 1 ? [`session-settled of session ${a.sessionId} published ${a.live.settled} times`] : []),
    ...(a.live.failed > 1 ? [`session-failed of session ${a.sessionId} published ${a.live.failed} times`] : []),
  ]);
  if (repeated.length > 0) parts.push(`${repeated.join(", ")} (retries; the stream kept one)`);
  if (lost.length > 0) parts.push(`${lost.length} never ended (session ${lost.map((a) => a.sessionId).join(", ")})`);
  return parts.join("; ");
}
