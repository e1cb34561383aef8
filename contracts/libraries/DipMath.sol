// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Lanes} from "./Lanes.sol";
import {QUALITY_LANE_BITS} from "./SessionState.sol";

/**
 * @title DipMath
 * @notice The DIP settlement rule (docs/economics.md §2), as pure integer arithmetic. In each
 * recorded round a present agent's level is the median of the votes its eligible evaluators
 * (present agents of other operators) gave its proposal (of an even count, the mean of the two
 * middle votes, rounded down), clamped to [−L, L] and shifted by L, so in
 * [0, 2L]; its quality is the sum of its levels over the R recorded rounds. With net = bounty − fee,
 * agent i is paid ⌊net · quality_i / (n · R · 2L)⌋: a fixed share net / n for a proposal every
 * round's median vote was at least L, less for less. Nobody's pay is a share of the others',
 * so an agent's ballot (or its operator's) cannot raise its own pay by lowering anyone; what the
 * levels do not earn, and the rounding, goes to the treasury.
 */
library DipMath {
    uint256 internal constant BPS = 10_000;
    /**
     * @notice The largest net whose every product here fits 256 bits: 2^240 − 1. The widest factor
     * is a quality lane (< 2^16, QUALITY_LANE_BITS); a split's basis points (≤ 10 000) and a fee
     * rate (≤ 1 000) are smaller. The shares of a net sum to at most the net.
     */
    uint256 internal constant MAX_NET = type(uint256).max >> QUALITY_LANE_BITS;

    /// @notice L = max(1, ⌊√(credits / (n − 1))⌋): the vote an evaluator with `credits` gives each of
    /// the n − 1 others when it endorses all of them fully (Σ v² ≤ credits), and a level's clamp.
    function fairVote(uint256 credits, uint256 n) internal pure returns (uint256 l) {
        l = Math.sqrt(credits / (n - 1));
        if (l == 0) l = 1;
    }

    /// @notice Agent `i`'s payout, given the packed quality lanes of `n` agents after `rounds` rounds.
    function payoutOf(uint256 net, uint256 quality, uint256 n, uint256 rounds, uint256 l, uint256 i)
        internal
        pure
        returns (uint256)
    {
        return net * Lanes.get(quality, i, QUALITY_LANE_BITS) / (n * rounds * 2 * l);
    }

    /// @notice Every agent's payout and their sum (≤ net; net − paid is what the levels did not earn).
    function payouts(uint256 net, uint256 quality, uint256 n, uint256 rounds, uint256 l)
        internal
        pure
        returns (uint256[] memory amounts, uint256 paid)
    {
        uint256 denominator = n * rounds * 2 * l;
        amounts = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            amounts[i] = net * Lanes.get(quality, i, QUALITY_LANE_BITS) / denominator;
            paid += amounts[i];
        }
    }

    /**
     * @notice The smallest net for which no positive payout, nor any recipient's part of one, floors
     * to zero: net ≥ n · maxRounds · 2L · ⌈10 000 / minBps⌉. Then a quality ≥ 1 after R ≤ maxRounds
     * rounds earns ≥ ⌈10 000 / minBps⌉, and its smallest recipient ≥ 1.
     */
    function requiredNet(uint256 n, uint256 maxRounds, uint256 l, uint256 minBps) internal pure returns (uint256) {
        return n * maxRounds * 2 * l * ((BPS + minBps - 1) / minBps);
    }
}
