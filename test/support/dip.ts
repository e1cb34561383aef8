// The reference DIP rule the contract tests compare Sessions with. It lives with the incentive
// search (bench/src/incentives/dip.ts), which plays against the same code.
export {
  dipQuality, dipSettlement, endorsedInRoundOne, evaluationWeight, fairVote, presentInRoundOne, roundLevels, type DipSplit,
} from "@concord/bench/incentives/dip.ts";
