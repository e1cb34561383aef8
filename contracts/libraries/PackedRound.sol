// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title PackedRound
 * @notice Reads the packed round blob of {ISessions-recordRound} without per-byte bounds checks:
 * callers check the blob's exact length first, so every read lies inside it (and a read past the
 * end of calldata yields zeros, never other memory).
 */
library PackedRound {
    /// @notice agentIndex (1) + proposalHash (32) + r (32) + s (32) + v (1); the P vote bytes follow.
    uint256 internal constant ENTRY_HEAD = 98;

    /// @notice The byte at `offset`.
    function byteAt(bytes calldata data, uint256 offset) internal pure returns (uint256 b) {
        assembly ("memory-safe") {
            b := byte(0, calldataload(add(data.offset, offset)))
        }
    }

    /// @notice The 32-byte word starting at `offset`.
    function wordAt(bytes calldata data, uint256 offset) internal pure returns (uint256 w) {
        assembly ("memory-safe") {
            w := calldataload(add(data.offset, offset))
        }
    }
}
