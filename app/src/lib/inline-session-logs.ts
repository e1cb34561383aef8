// The Sessions logs the dApp server inlined into the page (sdk/protocol/session-log-snapshot.ts),
// validated at the page's edge. They only spare the first scan: a page without them, or with ones
// that fail validation, scans the chain itself.
import {
  ConcordError, type Deployment, type SessionLogSnapshot, sessionLogSnapshotSchema,
} from "@concord/agent-sdk/protocol";
import type { SessionIndex } from "./session-index.ts";
import { sessionIndexFromSnapshot } from "./session-index-query.ts";
import { describeIssues, parseInlineJson } from "./inline-json.ts";

/** The snapshot inlined as JSON text (the script element's content), or undefined when absent. */
export function readInlineSessionLogs(text: string | null | undefined): SessionLogSnapshot | undefined {
  const body = parseInlineJson(text, "the inline Sessions logs are not JSON");
  if (body === undefined) return undefined;
  const parsed = sessionLogSnapshotSchema.safeParse(body);
  if (!parsed.success) {
    throw new ConcordError("CONFIG_INVALID", `the inline Sessions logs are not valid: ${describeIssues(parsed.error.issues)}`, { cause: parsed.error });
  }
  return parsed.data;
}

/**
 * The session index as of the inlined logs, to seed the page's first render; undefined (the page
 * then scans the chain itself) when there are none, or when they are bad, which `warn` is told.
 */
export function inlineSessionIndex(text: string | null | undefined, deployment: Deployment, warn: (message: string, error: unknown) => void = console.warn): SessionIndex | undefined {
  try {
    const snapshot = readInlineSessionLogs(text);
    return snapshot === undefined ? undefined : sessionIndexFromSnapshot(snapshot, deployment);
  } catch (error) {
    warn("ignoring the inlined Sessions logs:", error);
    return undefined;
  }
}
