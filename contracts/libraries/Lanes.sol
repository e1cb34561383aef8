// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title Lanes
 * @notice Fixed-width unsigned lanes packed in one word: lane i holds bits [i·w, (i+1)·w).
 * Keeping all of a session's per-agent counters in one slot makes each round one SSTORE.
 */
library Lanes {
    /// @notice Lane `i` of `word` (width `width`).
    function get(uint256 word, uint256 i, uint256 width) internal pure returns (uint256) {
        return (word >> (i * width)) & ((1 << width) - 1);
    }

    /// @notice `word` with `amount` added to lane `i`; the caller's bounds keep the lane from overflowing.
    function add(uint256 word, uint256 i, uint256 width, uint256 amount) internal pure returns (uint256) {
        return word + (amount << (i * width));
    }

    /// @notice Σ of the first `n` lanes.
    function sum(uint256 word, uint256 n, uint256 width) internal pure returns (uint256 total) {
        for (uint256 i = 0; i < n; ++i) {
            total += get(word, i, width);
        }
    }

    /// @notice The first `n` lanes as an array.
    function unpack(uint256 word, uint256 n, uint256 width) internal pure returns (uint256[] memory lanes) {
        lanes = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            lanes[i] = get(word, i, width);
        }
    }
}
