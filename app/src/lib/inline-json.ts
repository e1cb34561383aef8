// What the dApp server inlines into the page comes as JSON text in a script element: read it,
// and say in one way what is wrong with it (schema issues as `path: message`).
import { ConcordError } from "@concord/agent-sdk/protocol";

/** The element's JSON, or undefined when the element is absent or empty; `notJson` is the error when it is not JSON. */
export function parseInlineJson(text: string | null | undefined, notJson: string): unknown {
  if (text === null || text === undefined || text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ConcordError("CONFIG_INVALID", notJson, { cause });
  }
}

/** zod's issues as one line: `path: message; …`. */
export function describeIssues(issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ");
}
