// The Sessions logs the dApp server inlined into the page (sdk/protocol/session-log-snapshot.ts),
// validated at the page's edge. They only spare the first scan: a page without them, or with ones
// that fail validation, scans the chain itself.
import { ConcordError } from "../../../sdk/protocol/errors.ts";
import { sessionLogSnapshotSchema, type SessionLogSnapshot } from "../../../sdk/protocol/session-log-snapshot.ts";

/** The snapshot inlined as JSON text (the script element's content), or undefined when absent. */
export function readInlineSessionLogs(text: string | null | undefined): SessionLogSnapshot | undefined {
  if (text === null || text === undefined || text.trim() === "") return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new ConcordError("CONFIG_INVALID", "the inline Sessions logs are not JSON", { cause });
  }
  const parsed = sessionLogSnapshotSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new ConcordError("CONFIG_INVALID", `the inline Sessions logs are not valid: ${issues}`, { cause: parsed.error });
  }
  return parsed.data;
}
