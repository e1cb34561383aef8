// One fault case from start to verdict: a fresh stack, the scenario that injects the fault, then
// the orchestrators are stopped (so nothing late goes unseen), both records are audited, the row
// is written to docs/reliability.md, and the test fails on any broken property.
import assert from "node:assert/strict";
import { startFaultStack, type FaultStack, type FaultStackOptions } from "./fault-stack.ts";
import { recordCase } from "./reliability-table.ts";
import { auditSessions, summarise, violations, type SessionAudit } from "./session-audit.ts";
import { storedEvents, watchEvents, type EventWatch } from "./session-events.ts";

export interface ScenarioResult {
  sessionIds: string[];
  /** What the scenario saw, in order (times, who took over...). */
  notes: string[];
  /** Properties of this case beyond the common ones, broken. */
  broken: string[];
  /** Audit only events stored from this sessions-stream sequence on (a case whose earlier chain is gone). */
  eventsFromSeq?: number;
}

export interface FaultCase {
  id: string;
  fault: string;
  stack?: FaultStackOptions;
  /**
   * What the design promises under this fault: "settle" (default: the fault is one the system is
   * built to ride out, so a failed session is a broken promise), or "settle-or-fail" (the fault
   * destroys what the session needs: failing with a reason, bounty recoverable, is the honest end).
   */
  expect?: "settle" | "settle-or-fail";
  /** The case destroys the chain (an in-memory node restarted empty): audit what was published only. */
  chainLost?: boolean;
  scenario(stack: FaultStack, watch: EventWatch): Promise<ScenarioResult>;
}

/**
 * `shared`: a stack already running, for cases that do not disturb each other (a stack costs
 * seconds to start); it is left running, its orchestrators stopped, for the next case.
 */
export async function runFaultCase(c: FaultCase, shared?: FaultStack): Promise<SessionAudit[]> {
  const startedAt = Date.now();
  let stack: FaultStack | undefined = shared;
  let watch: EventWatch | undefined;
  try {
    stack ??= await startFaultStack(c.stack);
    watch = await watchEvents(stack.nc);
    const result = await c.scenario(stack, watch);
    await stack.stopOrchestrators();
    const audits = await auditSessions(stack, await storedEvents(stack.nc, { fromSeq: result.eventsFromSeq }), result.sessionIds, { chainLost: c.chainLost, live: watch });
    const unsettled = (c.expect ?? "settle") === "settle"
      ? audits.filter((a) => a.chain.settled === 0).map((a) => `session ${a.sessionId} did not settle${a.published.failed > 0 ? ` (failed: ${a.published.reasons[0]!.slice(0, 120)})` : ""}`)
      : [];
    const broken = [...result.broken, ...audits.flatMap(violations), ...unsettled];
    // A session that ended without a published outcome: what its orchestrator said, if anything.
    const unsaid = audits.filter((a) => a.chain.settled === 0 && a.published.failed === 0).map((a) => {
      const line = stack!.orchestrators.flatMap((o) => o.lines).find((l) => l.startsWith(`session ${a.sessionId} failed:`));
      return line ? `no outcome stored in the events stream for session ${a.sessionId}; its orchestrator logged "${line.slice(0, 160)}"` : "";
    });
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
    await recordCase({
      id: c.id, fault: c.fault,
      happened: [...result.notes, ...unsaid, summarise(audits)].filter(Boolean).join("; ") + ` (${seconds} s)`,
      verdict: broken.length === 0 ? "holds" : `FAILS: ${broken.join("; ")}`,
    });
    assert.deepEqual(broken, [], `case ${c.id} (${c.fault})${broken.length > 0 ? `\n${lastWords(stack)}` : ""}`);
    return audits;
  } catch (error) {
    if (!(error instanceof assert.AssertionError)) {
      await recordCase({ id: c.id, fault: c.fault, happened: `the case could not run to its end: ${(error as Error).message.split("\n")[0]}`, verdict: "FAILS: did not run" });
    }
    throw error;
  } finally {
    watch?.close();
    if (!shared) await stack?.stop();
  }
}

/** Rejects with `what` if `promise` has not settled within `ms` (a bound on waiting for an event, never a pause). */
export function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms))),
  ]);
}

/** What each agent and orchestrator said last: a failed case's first clue to why. */
function lastWords(stack: FaultStack, lines = 12): string {
  const children = [...stack.agents.values(), ...stack.orchestrators];
  return children.map((child) => `--- ${child.label}, last ${lines} lines:\n${child.lines.slice(-lines).join("\n")}`).join("\n");
}
