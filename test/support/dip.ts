// The reference DIP rule the contract tests compare SessionSettlement with. It lives with the
// incentive search (bench/src/incentives/dip.ts), which plays against the same code.
export { dipSettlement, EVALUATOR_BPS, type DipSplit } from "@concord/bench/incentives/dip.ts";
