// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessionsTypes} from "../interfaces/ISessionsTypes.sol";

/**
 * @dev Everything a round changes, in one storage slot rewritten whole by each round:
 *
 *   bits     field           meaning
 *   0–159    support         lanes of SUPPORT_LANE_BITS (16): agent i's positive QV support accumulated
 *                            across rounds (≤ MAX_ROUNDS · (MAX_AGENTS − 1) · 100 = 57 600 < 2^16)
 *   160–231  backing         lanes of BACKING_LANE_BITS (7): agent i's positive vote (≤ 100) for the
 *                            last round's winner
 *   232–239  roundsRecorded  rounds recorded so far
 *   240–247  winnerIndex     agent index of the last recorded round's winner
 *   248–255  status          an {ISessionsTypes-Status}; Open from creation, so the slot is never zero
 *
 * It is the layout Solidity gave the struct this type replaced (fields packed from the low-order
 * end, in declaration order), so sessions stored before read the same.
 */
type SessionState is uint256;

using SessionStateLibrary for SessionState global;

/// @dev log2 of the width of one agent's lane in the support field, for assembly (lane i starts at
/// bit i << LOG2_SUPPORT_LANE_BITS).
uint256 constant LOG2_SUPPORT_LANE_BITS = 4;
/// @dev Width of one agent's lane in the support field.
uint256 constant SUPPORT_LANE_BITS = 1 << LOG2_SUPPORT_LANE_BITS;
/// @dev Width of one agent's lane in the backing field.
uint256 constant BACKING_LANE_BITS = 7;

/// @notice Getters and setters of {SessionState}'s fields. A setter masks its value to the field.
library SessionStateLibrary {
    uint256 private constant MASK_8_BITS = 0xff;
    uint256 private constant MASK_72_BITS = 0xffffffffffffffffff;
    uint256 private constant MASK_160_BITS = 0x00ffffffffffffffffffffffffffffffffffffffff;

    uint256 private constant BACKING_SHIFT = 160;
    uint256 private constant ROUNDS_SHIFT = 232;
    uint256 private constant WINNER_SHIFT = 240;
    uint256 private constant STATUS_SHIFT = 248;

    /// @notice A whole state word. Unlike the setters it does not mask the numbers: each must fit
    /// its field (the bounds of a round guarantee it).
    function pack(
        uint256 _support,
        uint256 _backing,
        uint256 _roundsRecorded,
        uint256 _winnerIndex,
        ISessionsTypes.Status _status
    ) internal pure returns (SessionState _result) {
        assembly ("memory-safe") {
            _result :=
                or(
                    or(or(_support, shl(BACKING_SHIFT, _backing)), shl(ROUNDS_SHIFT, _roundsRecorded)),
                    or(shl(WINNER_SHIFT, _winnerIndex), shl(STATUS_SHIFT, and(MASK_8_BITS, _status)))
                )
        }
    }

    function support(SessionState self) internal pure returns (uint160 _support) {
        assembly ("memory-safe") {
            _support := and(MASK_160_BITS, self)
        }
    }

    function backing(SessionState self) internal pure returns (uint72 _backing) {
        assembly ("memory-safe") {
            _backing := and(MASK_72_BITS, shr(BACKING_SHIFT, self))
        }
    }

    function roundsRecorded(SessionState self) internal pure returns (uint8 _roundsRecorded) {
        assembly ("memory-safe") {
            _roundsRecorded := and(MASK_8_BITS, shr(ROUNDS_SHIFT, self))
        }
    }

    function winnerIndex(SessionState self) internal pure returns (uint8 _winnerIndex) {
        assembly ("memory-safe") {
            _winnerIndex := and(MASK_8_BITS, shr(WINNER_SHIFT, self))
        }
    }

    /// @dev Only {pack} and {setStatus} write the byte, from a Status; as for any enum, using a
    /// value out of range panics.
    function status(SessionState self) internal pure returns (ISessionsTypes.Status _status) {
        assembly ("memory-safe") {
            _status := shr(STATUS_SHIFT, self)
        }
    }

    function setSupport(SessionState self, uint160 _support) internal pure returns (SessionState _result) {
        assembly ("memory-safe") {
            _result := or(and(not(MASK_160_BITS), self), and(MASK_160_BITS, _support))
        }
    }

    function setBacking(SessionState self, uint72 _backing) internal pure returns (SessionState _result) {
        assembly ("memory-safe") {
            _result :=
                or(and(not(shl(BACKING_SHIFT, MASK_72_BITS)), self), shl(BACKING_SHIFT, and(MASK_72_BITS, _backing)))
        }
    }

    function setRoundsRecorded(SessionState self, uint8 _roundsRecorded) internal pure returns (SessionState _result) {
        assembly ("memory-safe") {
            _result :=
                or(and(not(shl(ROUNDS_SHIFT, MASK_8_BITS)), self), shl(ROUNDS_SHIFT, and(MASK_8_BITS, _roundsRecorded)))
        }
    }

    function setWinnerIndex(SessionState self, uint8 _winnerIndex) internal pure returns (SessionState _result) {
        assembly ("memory-safe") {
            _result :=
                or(and(not(shl(WINNER_SHIFT, MASK_8_BITS)), self), shl(WINNER_SHIFT, and(MASK_8_BITS, _winnerIndex)))
        }
    }

    function setStatus(SessionState self, ISessionsTypes.Status _status) internal pure returns (SessionState _result) {
        assembly ("memory-safe") {
            _result := or(and(not(shl(STATUS_SHIFT, MASK_8_BITS)), self), shl(STATUS_SHIFT, and(MASK_8_BITS, _status)))
        }
    }
}
