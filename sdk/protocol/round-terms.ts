// Reading a session's round terms (Sessions.roundTerms, contracts/libraries/RoundTerms.sol): the
// word is laid out there once; only the fields an off-chain party needs are read here.

/** Bit offset and width of `voteCredits` (Σ v² allowed per ballot) in the RoundTerms word. */
const VOTE_CREDITS_SHIFT = 64n;
const VOTE_CREDITS_MASK = 0xffffn;

/** The session's vote credits, as its round terms carry them (what recordRound checks Σ v² against). */
export function roundTermsVoteCredits(terms: bigint): number {
  return Number((terms >> VOTE_CREDITS_SHIFT) & VOTE_CREDITS_MASK);
}
