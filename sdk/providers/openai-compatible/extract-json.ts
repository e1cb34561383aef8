// Models asked for "JSON only" still wrap it: in code fences, after a sentence, or after a
// <think> block (reasoning models served by Ollama or vLLM). This finds the JSON object they meant.

export type Extracted = { ok: true; json: unknown } | { ok: false; problems: string };

export function extractJsonObject(text: string): Extracted {
  const visible = withoutThinking(text).trim();
  if (visible.length === 0) return { ok: false, problems: "the reply was empty" };
  // A fenced block is the model telling us where the JSON is; prefer it over stray braces.
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(visible);
  const candidates = fenced?.[1] !== undefined ? [fenced[1], visible] : [visible];
  for (const candidate of candidates) {
    for (const objectText of balancedObjects(candidate)) {
      try {
        return { ok: true, json: JSON.parse(objectText) };
      } catch {
        // Not JSON after all (prose with braces, a trailing comma): try the next object.
      }
    }
  }
  return { ok: false, problems: "the reply holds no parseable JSON object" };
}

/** Yields each top-level `{…}` span, honouring strings, so braces inside strings do not count. */
function* balancedObjects(text: string): Generator<string> {
  let start = text.indexOf("{");
  let tries = 0;
  while (start !== -1 && tries++ < 20) {
    const end = matchingBrace(text, start);
    if (end === -1) return; // unbalanced from here on: a truncated reply
    yield text.slice(start, end + 1);
    start = text.indexOf("{", start + 1);
  }
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/**
 * The text without its `<think>…</think>` blocks, in one pass (a lazy regex over a reply full of
 * unclosed `<think>` tags takes time quadratic in its length; a model server's reply is the
 * agent's to bound, not the server's).
 */
function withoutThinking(text: string): string {
  let out = "";
  let at = 0;
  for (;;) {
    const open = text.indexOf("<think>", at);
    if (open < 0) break;
    const close = text.indexOf("</think>", open + 7);
    if (close < 0) break;
    out += text.slice(at, open);
    at = close + 8;
  }
  return out + text.slice(at);
}
