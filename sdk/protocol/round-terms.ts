// Reading a session's round terms (Sessions.roundTerms, contracts/libraries/RoundTerms.sol): the
// word is laid out there once; only the fields an off-chain party needs are read here.

const field = (terms: bigint, shift: bigint, mask: bigint) => Number((terms >> shift) & mask);

/** The session's vote credits, as its round terms carry them (what recordRound checks Σ v² against). */
export function roundTermsVoteCredits(terms: bigint): number {
  return field(terms, 64n, 0xffffn);
}

/** The session's agent count. */
export function roundTermsAgentCount(terms: bigint): number {
  return field(terms, 40n, 0xffn);
}

/**
 * L, the session's fair vote: max(1, ⌊√(credits / (n − 1))⌋), what an evaluator gives each of the
 * others when it endorses all of them fully; a round's level of a proposal is clamped to [−L, L].
 */
export function roundTermsFairVote(terms: bigint): number {
  return field(terms, 120n, 0x7fn);
}

/**
 * Agent `agent`'s evaluation weight in [1, 16], fixed at the session's creation from its history
 * (Sessions.history): each of its votes counts that many times in a round's scores.
 */
export function roundTermsWeight(terms: bigint, agent: number): number {
  return 1 + field(terms, 144n + 4n * BigInt(agent), 0xfn);
}

/** Every agent's evaluation weight, in agent order. */
export function roundTermsWeights(terms: bigint): number[] {
  return Array.from({ length: roundTermsAgentCount(terms) }, (_, i) => roundTermsWeight(terms, i));
}

/**
 * Whether agents `a` and `b` (session order) are different agents of one operator: a vote of
 * either for the other's proposal must be 0, or recordRound reverts (SameOperatorVote). Equal
 * operator-group lanes (bits 80–119) mean one operator; bit 127 says whether any operator has two.
 */
export function roundTermsSameOperator(terms: bigint, a: number, b: number): boolean {
  if (a === b || ((terms >> 127n) & 1n) === 0n) return false;
  return field(terms, 80n + 4n * BigInt(a), 0xfn) === field(terms, 80n + 4n * BigInt(b), 0xfn);
}

/** Seconds a round recorded with absent agents stays replaceable by its complete version. */
export function roundTermsAbsenceGrace(terms: bigint): number {
  return field(terms, 128n, 0xffffn);
}
