// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @dev Why a round's check loop stopped, as {RoundMath-tally} and {RoundRecovery-recoverSigners}
 * report it to the caller that raises the custom error:
 *
 *   bits     field  meaning
 *   0–7      code   the producer's failure code (RoundMath.FORBIDDEN_VOTE, OVERSPENT;
 *                   RoundRecovery.BAD_INDEX, BAD_ORDER, BAD_SIGNATURE); codes are non-zero
 *   8–15     entry  the failing entry's position in the packed round
 *   16–255   spent  the ballot's Σ v² (OVERSPENT only)
 *
 * The zero word means no failure. The producers build it in inline assembly, with the shifts below.
 */
type RoundFailure is uint256;

using RoundFailureLibrary for RoundFailure global;

/// @dev Bit offset of the entry field, for the assembly that builds a {RoundFailure}.
uint256 constant FAILURE_ENTRY_SHIFT = 8;
/// @dev Bit offset of the spent field, for the assembly that builds a {RoundFailure}.
uint256 constant FAILURE_SPENT_SHIFT = 16;

/// @notice Getters and setters of {RoundFailure}'s fields. A setter masks its value to the field.
library RoundFailureLibrary {
    uint256 private constant MASK_8_BITS = 0xff;
    uint256 private constant MASK_240_BITS = 0x0000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff;

    /// @notice Whether the loop failed at all.
    function failed(RoundFailure self) internal pure returns (bool _failed) {
        assembly ("memory-safe") {
            _failed := iszero(iszero(self))
        }
    }

    function code(RoundFailure self) internal pure returns (uint8 _code) {
        assembly ("memory-safe") {
            _code := and(MASK_8_BITS, self)
        }
    }

    function entry(RoundFailure self) internal pure returns (uint8 _entry) {
        assembly ("memory-safe") {
            _entry := and(MASK_8_BITS, shr(FAILURE_ENTRY_SHIFT, self))
        }
    }

    function spent(RoundFailure self) internal pure returns (uint256 _spent) {
        assembly ("memory-safe") {
            _spent := shr(FAILURE_SPENT_SHIFT, self)
        }
    }

    function setCode(RoundFailure self, uint8 _code) internal pure returns (RoundFailure _result) {
        assembly ("memory-safe") {
            _result := or(and(not(MASK_8_BITS), self), and(MASK_8_BITS, _code))
        }
    }

    function setEntry(RoundFailure self, uint8 _entry) internal pure returns (RoundFailure _result) {
        assembly ("memory-safe") {
            _result :=
                or(
                    and(not(shl(FAILURE_ENTRY_SHIFT, MASK_8_BITS)), self),
                    shl(FAILURE_ENTRY_SHIFT, and(MASK_8_BITS, _entry))
                )
        }
    }

    /// @dev `_spent` above 2^240 loses its high bits (a ballot spends at most 10 · 128²).
    function setSpent(RoundFailure self, uint256 _spent) internal pure returns (RoundFailure _result) {
        assembly ("memory-safe") {
            _result :=
                or(
                    and(not(shl(FAILURE_SPENT_SHIFT, MASK_240_BITS)), self),
                    shl(FAILURE_SPENT_SHIFT, and(MASK_240_BITS, _spent))
                )
        }
    }
}
