// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title Reliability
 * @notice An agent's evaluation weight from its history, with no ground truth: of the settled
 * sessions it took part in (present in round 1), in how many did its peers endorse its first, independent answer (its
 * round-1 level at least L; docs/economics.md, "Weights"). The endorsement rate, shrunk toward
 * one half by PRIOR_SESSIONS sessions of which half were endorsed, p = (endorsed + 5) / (sessions
 * + 10), is mapped to 1 + round(4 · ln(p / (1 − p))), the log-odds weight of a voter right with
 * probability p (the Optimal Weight aggregator), read from a table over p in 32nds and capped at
 * 15; p ≤ 1/2 weighs 1. A fresh agent weighs 1, and one endorsement per session at most moves a
 * history, so no agent (or pair) gains weight faster than one whose every answer is endorsed.
 * A history is one word: sessions in the low 128 bits, endorsements in the high 128.
 */
library Reliability {
    /// @notice Sessions, half of them endorsed, every agent's history starts with.
    uint256 internal constant PRIOR_SESSIONS = 10;
    /// @dev Nibble b − 16, for p in [b/32, (b + 1)/32) with b in 16..31: round(4 · logit of the
    /// bucket's midpoint), at most 14 (weight − 1).
    uint256 private constant LOG_ODDS_TABLE = 0xeca8765543322110;

    /// @notice The evaluation weight of a history, in [1, 15].
    function weight(uint256 history) internal pure returns (uint256) {
        uint256 bucket = 32 * ((history >> 128) + PRIOR_SESSIONS / 2) / (uint128(history) + PRIOR_SESSIONS);
        if (bucket < 16) return 1;
        return 1 + ((LOG_ODDS_TABLE >> ((bucket - 16) * 4)) & 0xf);
    }

    /// @notice The history after one more settled session, endorsed or not.
    function record(uint256 history, bool endorsed) internal pure returns (uint256) {
        return history + 1 + (endorsed ? 1 << 128 : 0);
    }
}
