// Answer matching and the vote every baseline uses: pure, shared by the scoring and the
// history-weighted vote.

/**
 * The comparable form of an answer: for an integer reference, the last integer in the text
 * ("The answer is \boxed{1,024}." → "1024"); otherwise the text trimmed, spaces collapsed,
 * lower-cased.
 */
export function normaliseAnswer(solution: string, reference: string): string {
  if (/^-?\d+$/.test(reference.trim())) {
    const integers = solution.replace(/(\d),(?=\d{3}\b)/g, "$1").match(/-?\d+/g);
    return integers ? String(BigInt(integers.at(-1)!)) : solution.trim();
  }
  return solution.trim().replace(/\s+/g, " ").toLowerCase();
}

export function isCorrect(solution: string, reference: string): boolean {
  return normaliseAnswer(solution, reference) === normaliseAnswer(reference, reference);
}

/**
 * The answer with the largest total weight (1 each by default), compared in normalised form.
 * A tie goes to the answer seen first: the order of the samples decides, never chance. Empty
 * solutions (failed calls) are not votes.
 */
export function vote(solutions: readonly string[], reference: string, weights?: readonly number[]): string | undefined {
  const totals = new Map<string, { weight: number; first: string }>();
  solutions.forEach((solution, i) => {
    if (solution.trim() === "") return; // a failed call: no answer to count
    const key = normaliseAnswer(solution, reference);
    const entry = totals.get(key) ?? { weight: 0, first: solution };
    entry.weight += weights?.[i] ?? 1;
    totals.set(key, entry);
  });
  let best: { weight: number; first: string } | undefined;
  for (const entry of totals.values()) if (!best || entry.weight > best.weight) best = entry;
  return best?.first;
}
