// An owner that lost its session (its lock lapsed while it was paused or cut off, and another
// orchestrator took over) must send nothing more for it: no task, no event, no transaction. Every
// send in the round loop checks this first; the snapshot's compare-and-set catches the rest.
import { ConcordError } from "@concord/agent-sdk/protocol";

export function assertOwned(owned: (() => boolean) | undefined, session: string): void {
  if (owned && !owned()) throw new ConcordError("SESSION_LOST", `session ${session}: this orchestrator's lock lapsed; another may own the session now`);
}

export function isSessionLost(error: unknown): boolean {
  return error instanceof ConcordError && error.code === "SESSION_LOST";
}
