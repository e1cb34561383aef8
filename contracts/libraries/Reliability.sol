// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title Reliability
 * @notice An agent's evaluation weight from its history, with no ground truth: of the settled
 * sessions it took part in, in how many did its peers endorse its first, independent answer (its
 * round-1 level at least L; docs/economics.md, "Weights"). A fresh agent starts at weight 1, as if
 * it had PRIOR_SESSIONS sessions with no endorsement, and earns at most one endorsement per
 * session, so no agent (or pair) gains weight faster than an agent whose every answer is endorsed.
 * A history is one word: sessions in the low 128 bits, endorsements in the high 128.
 */
library Reliability {
    /// @notice Sessions of no endorsement every agent's history starts with.
    uint256 internal constant PRIOR_SESSIONS = 10;
    /// @notice Weight above 1 that a history can earn (reached only in the limit).
    uint256 internal constant MAX_EARNED = 15;

    /// @notice 1 + ⌊MAX_EARNED · endorsed / (sessions + PRIOR_SESSIONS)⌋, in [1, 15].
    function weight(uint256 history) internal pure returns (uint256) {
        return 1 + MAX_EARNED * (history >> 128) / (uint128(history) + PRIOR_SESSIONS);
    }

    /// @notice The history after one more settled session, endorsed or not.
    function record(uint256 history, bool endorsed) internal pure returns (uint256) {
        return history + 1 + (endorsed ? 1 << 128 : 0);
    }
}
