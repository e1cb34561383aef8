// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Lanes} from "./Lanes.sol";
import {BACKING_LANE_BITS, SUPPORT_LANE_BITS} from "./SessionState.sol";

/**
 * @title DipMath
 * @notice The DIP settlement rule (docs/economics.md), as pure integer arithmetic.
 * net = bounty − fee. If some evaluator backed the final winner, EVALUATOR_BPS of net is the
 * evaluator pool, shared pro rata to backing (each evaluator's positive last-round vote for the
 * final winner); the rest is the support pool, shared pro rata to positive QV support received
 * across rounds (equally if nobody has any). Every share floors; the remainder is dust.
 */
library DipMath {
    /// @notice Basis points of the net bounty that reward ballots backing the final winner.
    uint256 internal constant EVALUATOR_BPS = 2_000;
    uint256 internal constant BPS = 10_000;
    /**
     * @notice The largest net (and so pool) whose every product here fits 256 bits: 2^240 − 1. The
     * widest factor is a support lane (< 2^16, SUPPORT_LANE_BITS); a backing lane (< 2^7), the
     * evaluator share (2 000), a split's basis points (≤ 10 000) and a fee rate (≤ 1 000) are
     * smaller. Sums are safe too: a pool's shares sum to at most the pool.
     */
    uint256 internal constant MAX_NET = type(uint256).max >> SUPPORT_LANE_BITS;

    /// @notice The evaluator and support pools of `net`, given whether anyone backed the winner.
    function pools(uint256 net, bool anyBacking) internal pure returns (uint256 supportPool, uint256 evaluatorPool) {
        evaluatorPool = anyBacking ? net * EVALUATOR_BPS / BPS : 0;
        supportPool = net - evaluatorPool;
    }

    /// @notice Agent `i`'s payout, given the packed support and backing lanes of `n` agents.
    function payoutOf(uint256 net, uint256 support, uint256 backing, uint256 n, uint256 i)
        internal
        pure
        returns (uint256)
    {
        uint256 supportTotal = Lanes.sum(support, n, SUPPORT_LANE_BITS);
        uint256 backingTotal = Lanes.sum(backing, n, BACKING_LANE_BITS);
        return _payout(net, support, backing, n, i, supportTotal, backingTotal);
    }

    /// @notice Every agent's payout and their sum (≤ net; net − paid is the dust).
    function payouts(uint256 net, uint256 support, uint256 backing, uint256 n)
        internal
        pure
        returns (uint256[] memory amounts, uint256 paid)
    {
        uint256 supportTotal = Lanes.sum(support, n, SUPPORT_LANE_BITS);
        uint256 backingTotal = Lanes.sum(backing, n, BACKING_LANE_BITS);
        amounts = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            amounts[i] = _payout(net, support, backing, n, i, supportTotal, backingTotal);
            paid += amounts[i];
        }
    }

    function _payout(
        uint256 net,
        uint256 support,
        uint256 backing,
        uint256 n,
        uint256 i,
        uint256 supportTotal,
        uint256 backingTotal
    ) private pure returns (uint256 amount) {
        (uint256 supportPool, uint256 evaluatorPool) = pools(net, backingTotal != 0);
        amount = supportTotal == 0
            ? supportPool / n
            : supportPool * Lanes.get(support, i, SUPPORT_LANE_BITS) / supportTotal;
        if (backingTotal != 0) amount += evaluatorPool * Lanes.get(backing, i, BACKING_LANE_BITS) / backingTotal;
    }

    /**
     * @notice The smallest support and evaluator pools for which no positive share, nor any
     * recipient's part of one, floors to zero: pool ≥ maxWeightTotal · ⌈10 000 / minBps⌉, where
     * the largest possible support total is n·(n−1)·maxRounds·maxVote and the largest backing total
     * (n−1)·maxVote. Then a weight ≥ 1 earns ≥ ⌈10 000/minBps⌉, and its smallest recipient ≥ 1.
     */
    function requiredPools(uint256 n, uint256 maxRounds, uint256 maxVote, uint256 minBps)
        internal
        pure
        returns (uint256 supportPool, uint256 evaluatorPool)
    {
        uint256 perWeight = (BPS + minBps - 1) / minBps;
        supportPool = n * (n - 1) * maxRounds * maxVote * perWeight;
        evaluatorPool = (n - 1) * maxVote * perWeight;
    }
}
